import 'server-only';
import { createHash } from 'node:crypto';
import type { DataSource, ServedData } from './served-data';
import { buildBriefIndex } from '@/lib/briefs/search/brief-index';
import type { IndexedBrief } from '@/lib/briefs/types';
import type { BriefStore } from './brief-store';
import { changeMarksOf, historyOf } from './brief-history';
import { assembleEntries, type SkippedEntry, type SkippedItems } from '@/lib/feed/ingest/entries';

// Feed items as the served data keeps them: a brief's list fields and the key of its record in
// the brief store (bodies live there, not on the heap), or why the item was skipped. The keys are
// item keys (page-ingest.ts) and are saved with the store, so unchanged items are reused across
// refreshes and restarts alike.

export type StoredEntry = { brief: IndexedBrief; key: string } | SkippedEntry;

/** Pages in crawl order -> unique briefs (a slug seen on an earlier page wins), their keys, skips. */
export function assembleStoredEntries(pages: Iterable<StoredEntry[]>): {
  briefs: IndexedBrief[];
  keys: Map<string, string>;
  skipped: SkippedItems[];
} {
  const { entries, skipped } = assembleEntries(pages);
  return {
    briefs: entries.map((e) => e.brief),
    keys: new Map(entries.map((e) => [e.brief.slug, e.key])),
    skipped,
  };
}

/** Stored entries as the data a store serves: list fields and index on the heap, bodies read on demand. */
export function toServedData(
  pages: Iterable<StoredEntry[]>,
  store: BriefStore,
  source: DataSource,
  fetchedAt: string,
): ServedData {
  const assembled = assembleStoredEntries(pages);
  const { keys, skipped } = assembled;
  // A brief that changed carries its last change (list rows, sort=updated, feeds).
  const marks = changeMarksOf(
    store,
    [...keys].map(([slug, key]) => ({ slug, key })),
  );
  const briefs =
    marks.size === 0
      ? assembled.briefs
      : assembled.briefs.map((b) => {
          const changed = marks.get(b.slug);
          return changed ? { ...b, changed } : b;
        });
  return {
    source,
    bundledReason: null,
    fetchedAt,
    briefs,
    skipped,
    readHistory: (slug) => historyOf(store, slug, keys.get(slug)),
    index: buildBriefIndex(briefs, (brief) => store.getText(keys.get(brief.slug)!)),
    readBody: (slug) => {
      const key = keys.get(slug);
      return key === undefined ? undefined : store.getBody(key);
    },
    // The keys hash each item's JSON: one changes when its body does.
    bodiesVersion: createHash('sha256')
      .update([...keys.values()].join('\n'))
      .digest('hex'),
  };
}
