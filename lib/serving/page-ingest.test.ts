import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getTechniqueCatalog } from '@/lib/feed/attack-catalog';
import { toEntry, type Entry } from '@/lib/feed/ingest/entries';
import { BriefStore } from './brief-store';
import { PageIngest } from './page-ingest';
import { ValueInterner } from './value-interner';

// PageIngest with a normaliser that answers later (the HTML worker pool): an item whose key is
// known is never normalised again, a copy of an item being normalised waits for it, page order is
// kept, and a restart's store answers for items it holds.

const item = (n: number, title = `Item ${n}`) => ({ id: `/briefs/item-${n}/`, title });
const stores: BriefStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

function openStore(): BriefStore {
  const store = BriefStore.open(mkdtempSync(path.join(tmpdir(), 'page-ingest-')));
  stores.push(store);
  return store;
}

function slowNormalizer() {
  const calls: string[] = [];
  const ctx = { catalog: getTechniqueCatalog() };
  const normalize = async (raw: unknown): Promise<Entry> => {
    calls.push((raw as { id: string }).id.split('/')[2]!);
    // Later items answer first: the page's order must not depend on it.
    await new Promise((r) => setTimeout(r, 20 - calls.length));
    return toEntry(raw, ctx);
  };
  return { normalize, calls };
}

const slugs = (entries: { brief?: { slug: string }; skip?: string }[]) =>
  entries.map((e) => e.brief?.slug ?? e.skip);

describe('PageIngest', () => {
  it('normalises each new item once, in page order, and reuses the last refresh', async () => {
    const store = openStore();
    const first = slowNormalizer();
    const options = { store, stix: null, reuseStored: true, interner: new ValueInterner() };
    const ingest = new PageIngest({ ...options, normalize: first.normalize });
    const page = await ingest.ingest([item(1), item(2), item(1), item(3)]);
    expect(slugs(page)).toEqual(['item-1', 'item-2', 'item-1', 'item-3']);
    expect(first.calls).toEqual(['item-1', 'item-2', 'item-3']);
    expect(page[2]).toBe(page[0]);

    const next = slowNormalizer();
    const again = new PageIngest({
      ...options,
      normalize: next.normalize,
      previous: ingest.entries,
    });
    await again.ingest([item(1), item(2, 'Item 2, edited'), item(3), item(4)]);
    expect(next.calls).toEqual(['item-2', 'item-4']);
    expect(again.entries.size).toBe(4);
  });

  it('takes a stored record instead of normalising (a restart), unless told not to', async () => {
    const store = openStore();
    const options = { store, stix: null, interner: new ValueInterner() };
    const first = slowNormalizer();
    await new PageIngest({ ...options, reuseStored: true, normalize: first.normalize }).ingest([
      item(1),
    ]);
    await store.flush();
    const restart = slowNormalizer();
    const entries = await new PageIngest({
      ...options,
      reuseStored: true,
      normalize: restart.normalize,
    }).ingest([item(1)]);
    expect(slugs(entries)).toEqual(['item-1']);
    expect(restart.calls).toEqual([]);
    const stale = slowNormalizer();
    await new PageIngest({ ...options, reuseStored: false, normalize: stale.normalize }).ingest([
      item(1),
    ]);
    expect(stale.calls).toEqual(['item-1']);
  });

  it('skips an item too deep to key without normalising it', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const normalizer = slowNormalizer();
    const ingest = new PageIngest({
      store: openStore(),
      stix: null,
      reuseStored: true,
      interner: new ValueInterner(),
      normalize: normalizer.normalize,
    });
    const entries = await ingest.ingest([{ id: '/briefs/deep/', title: 'Deep', tags: deep }]);
    expect(entries).toEqual([{ skip: 'too-deep', name: 'deep' }]);
    expect(normalizer.calls).toEqual([]);
  });
});
