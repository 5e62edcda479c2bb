import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { getFixture } from '@/dev/fixtures';
import { toIndexedBrief } from '@/lib/briefs/types';
import { getTechniqueCatalog } from '@/lib/feed/attack-catalog';
import { itemKeyOf, toEntry } from '@/lib/feed/ingest/entries';
import { BriefStore } from '@/lib/serving/brief-store';
import type { StoreState } from '@/lib/serving/store-state';

// A brief store on disk holding the hostile and basic fixtures, for the store's own tests.

export const STORE_FEED_URL = 'https://feed.example/feed.json';

export type StoreRecord = ReturnType<typeof fixtureRecords>[number];

/** The hostile and basic fixtures, normalised as a crawl would. */
export function fixtureRecords() {
  const items = [...getFixture('hostile').items!, ...getFixture('basic').items!];
  const ctx = { catalog: getTechniqueCatalog() };
  return items.flatMap((raw) => {
    const entry = toEntry(raw, ctx);
    return 'brief' in entry
      ? [{ key: (itemKeyOf(raw, null) as { key: string }).key, brief: entry.brief }]
      : [];
  });
}

/** The state a one-page crawl of `records` saves. */
export function stateOf(
  records: { key: string; brief: { slug: string } }[],
): Omit<StoreState, 'format' | 'savedAt'> {
  return {
    feedUrl: STORE_FEED_URL,
    fetchedAt: '2026-12-01T00:00:00.000Z',
    pages: [
      {
        url: STORE_FEED_URL,
        validators: { etag: '"1"', lastModified: null },
        nextUrl: null,
        entries: records.map((r) => ({ key: r.key, slug: r.brief.slug })),
      },
    ],
    stix: { fetchedAt: null, reports: 0, sha1: null },
  };
}

/** A closed store in a new temp directory, holding every fixture record and its state. */
export async function savedStore(): Promise<{ dir: string; records: StoreRecord[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'brief-store-'));
  const records = fixtureRecords();
  const store = BriefStore.open(dir);
  for (const { key, brief } of records) store.put(key, brief, toIndexedBrief(brief));
  await store.save(stateOf(records));
  await store.close();
  return { dir, records };
}

/** `openStore(dir)` opens a store that is closed after each test of the calling file. */
export function closedAfterEach(): (dir: string) => BriefStore {
  const opened: BriefStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  return (dir) => {
    const store = BriefStore.open(dir);
    opened.push(store);
    return store;
  };
}
