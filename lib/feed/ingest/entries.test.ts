import { describe, expect, it, vi } from 'vitest';
import { TechniqueCatalog } from '@/lib/briefs/attack/catalog';
import { assembleEntries, itemKeyOf, toEntry, type Entry } from './entries';
import type { NormalizeContext } from './normalize';

// A skipped item's line in the log (lib/ops/log.ts), watched here.
const logged = vi.hoisted(() => ({ warn: vi.fn() }));
vi.mock('@/lib/ops/log', () => ({ moduleLog: () => logged }));

const ctx: NormalizeContext = {
  catalog: new TechniqueCatalog({
    source: 'test',
    attackVersion: null,
    tactics: [],
    techniques: [],
  }),
};
const normalize = (raw: unknown): Entry => toEntry(raw, ctx);

function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const good = { id: '/briefs/good-one/', title: 'Good one', content_html: '<p>fine</p>' };

describe('per-item isolation', () => {
  it('skips and names an item whose JSON nests 100,000 arrays; the memo key never overflows', () => {
    const deep = { id: '/briefs/deep-json/', title: 'Deep', tags: nested(100_000) };
    expect(itemKeyOf(deep, null)).toEqual({ skip: 'too-deep', name: 'deep-json' });
    const entries = [deep, good].map(normalize);
    expect(entries[0]).toEqual({ skip: 'too-deep', name: 'deep-json' });
    expect('brief' in entries[1]! && entries[1].brief.slug).toBe('good-one');
    const { entries: kept, skipped } = assembleEntries([entries]);
    expect(kept.map((e) => e.brief.slug)).toEqual(['good-one']);
    expect(skipped).toEqual([{ reason: 'too-deep', count: 1, names: ['deep-json'] }]);
  });

  it('serves an item whose HTML nests 3,000 divs, flattened', () => {
    const html = `${'<div>'.repeat(3000)}deep body${'</div>'.repeat(3000)}`;
    const entry = normalize({ id: '/briefs/deep-html/', title: 'Deep HTML', content_html: html });
    expect('brief' in entry && entry.brief.contentHtml).toContain('deep body');
  });

  it('turns anything a step throws into a `failed` skip naming the item (id truncated)', () => {
    logged.warn.mockClear();
    const id = `/briefs/${'a'.repeat(300)}/`;
    const hostile = {
      id,
      get title() {
        throw new RangeError('Maximum call stack size exceeded');
      },
    };
    const entry = normalize(hostile);
    expect(entry).toMatchObject({ skip: 'failed' });
    const name = (entry as { name: string }).name;
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name.startsWith('aaaa')).toBe(true);
    expect(logged.warn).toHaveBeenCalledWith(expect.stringMatching(/^Feed item a+.* skipped: /));
  });

  it('names skipped items by id when they have no usable slug, without control characters', () => {
    const entry = normalize({ id: 'urn:\u202Eevil', title: 'x' });
    expect(entry).toEqual({ skip: 'no-id', name: 'urn:evil' });
  });
});
