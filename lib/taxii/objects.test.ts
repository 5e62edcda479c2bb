import { describe, expect, it } from 'vitest';
import type { StixObject } from '@/lib/briefs/export/stix';
import { pageObjects, parseObjectsQuery, type CollectionEntry } from './objects';
import { acceptsTaxii } from './protocol';

const entry = (n: number, type = 'report', day = n): CollectionEntry => ({
  object: {
    type,
    spec_version: '2.1',
    id: `${type}--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
  } as StixObject,
  dateAdded: `2026-09-${String(day).padStart(2, '0')}T00:00:00.000Z`,
});

const query = (qs: string) => {
  const parsed = parseObjectsQuery(new URLSearchParams(qs));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.query;
};

describe('parseObjectsQuery', () => {
  it.each([
    ['added_after=yesterday', 'added_after'],
    ['added_after=2026-13-01T00:00:00Z', 'added_after'],
    ['limit=0', 'limit'],
    ['limit=-3', 'limit'],
    ['next=bm9wZQ', 'next'],
    ['match[version]=newest', 'match[version]'],
  ])('refuses %s naming %s', (qs, parameter) => {
    const parsed = parseObjectsQuery(new URLSearchParams(qs));
    expect(parsed).toMatchObject({ ok: false, parameter });
  });

  it('caps limit and defaults to the last version', () => {
    expect(query('limit=99999').limit).toBe(1000);
    expect(query('').versions).toEqual(['last']);
  });
});

describe('pageObjects', () => {
  const entries = [1, 2, 3, 4, 5].map((n) => entry(n, n % 2 ? 'report' : 'attack-pattern'));

  it('pages with a cursor until done, each object once', () => {
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const page = pageObjects(entries, query(`limit=2${next ? `&next=${next}` : ''}`));
      seen.push(...page.entries.map((e) => e.object.id));
      expect(page.more).toBe(page.next !== null);
      next = page.next;
    } while (next);
    expect(seen).toEqual(entries.map((e) => e.object.id));
  });

  it('filters by added_after, match[type] and match[id]', () => {
    const ids = (qs: string) =>
      pageObjects(entries, query(qs)).entries.map((e) => e.dateAdded.slice(8, 10));
    expect(ids('added_after=2026-09-03T00:00:00Z')).toEqual(['04', '05']);
    expect(ids('match[type]=attack-pattern')).toEqual(['02', '04']);
    expect(ids(`match[id]=${entries[2]!.object.id},${entries[0]!.object.id}`)).toEqual([
      '01',
      '03',
    ]);
    expect(ids('match[spec_version]=2.0')).toEqual([]);
    expect(ids('match[version]=2026-01-01T00:00:00Z')).toHaveLength(5);
    expect(ids('match[version]=2025-01-01T00:00:00Z')).toEqual([]);
  });
});

describe('acceptsTaxii', () => {
  it.each([
    [null, true],
    ['application/taxii+json;version=2.1', true],
    ['application/taxii+json', true],
    ['application/json, */*;q=0.1', true],
    ['application/taxii+json;version=2.0', false],
    ['application/json', false],
    ['text/html', false],
    ['application/taxii+json;version=2.1;q=0', false],
  ])('%s -> %s', (accept, ok) => {
    expect(acceptsTaxii(accept)).toBe(ok);
  });
});

describe('next tokens', () => {
  const entries = [1, 2, 3, 4, 5].map((n) => entry(n));
  const scoped = (scope: string, qs: string) => parseObjectsQuery(new URLSearchParams(qs), scope);

  it('are bound to the collection and the query, and refused elsewhere naming next', () => {
    const first = scoped('A|objects|', 'limit=2&match[type]=report');
    if (!first.ok) throw new Error(first.message);
    const next = pageObjects(entries, first.query).next!;
    expect(scoped('A|objects|', `limit=3&match[type]=report&next=${next}`).ok).toBe(true);
    for (const [scope, qs] of [
      ['B|objects|', `limit=2&match[type]=report&next=${next}`],
      ['A|manifest|', `limit=2&match[type]=report&next=${next}`],
      ['A|objects|', `limit=2&next=${next}`],
      ['A|objects|', `limit=2&match[type]=report&added_after=2026-01-01T00:00:00Z&next=${next}`],
    ] as const) {
      const parsed = scoped(scope, qs);
      expect(parsed).toMatchObject({ ok: false, parameter: 'next' });
      expect(!parsed.ok && parsed.message).toMatch(/another collection or another query/);
    }
  });

  it('of the first, unbound format are refused as stale', () => {
    const old = Buffer.from(JSON.stringify(['2026-09-01T00:00:00.000Z', 'report--x'])).toString(
      'base64url',
    );
    const parsed = scoped('A|objects|', `next=${old}`);
    expect(parsed).toMatchObject({ ok: false, parameter: 'next' });
    expect(!parsed.ok && parsed.message).toMatch(/older version/);
  });
});
