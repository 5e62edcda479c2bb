import { createHash } from 'node:crypto';
import type { DataSource } from '@/lib/api/types';
import { buildBriefIndex } from '@/lib/briefs/search/brief-index';
import { toListedBrief, type ListedBrief, type SkipReason } from '@/lib/briefs/types';
import type { BriefStore } from './brief-store';
import { changeMarksOf, historyOf } from './brief-history';
import type { ServedData } from './store';
import type { ValueInterner } from './value-interner';
import { assembleEntries, type Entry, type SkippedItems } from './ingest/entries';

// Feed items as the served data keeps them: a brief's list fields and the key of its record in
// the brief store (bodies live there, not on the heap), or why the item was skipped. The memo
// (EntryMemo, lib/feed/ingest/entries.ts) normalises only items it has not seen: its keys are the
// store's keys and are saved with it, so unchanged items are reused across refreshes and
// across restarts alike.

export type StoredEntry = { brief: ListedBrief; key: string } | { skip: SkipReason; name?: string };

let normalizedTotal = 0;

/** Items this process has normalised (sanitised) so far: the work a restart should not repeat. */
export function normalizedItems(): number {
  return normalizedTotal;
}

/**
 * How the memo makes a stored entry: the store's record when it has the key (a restart, another
 * refresh), else the item normalised now, its body written to the store and its list fields kept.
 */
export function storedEntryMaker(
  store: BriefStore,
  /** toEntry, or toEntryRendered (the HTML worker pool) which answers with a promise. */
  normalize: (raw: unknown) => Entry | Promise<Entry>,
  /** False when the ATT&CK catalog changed: a stored record then has stale technique names. */
  reuseStored: boolean,
  interner: ValueInterner,
): (raw: unknown, key: string) => StoredEntry | Promise<StoredEntry> {
  const keep = (entry: Entry, key: string): StoredEntry => {
    if ('skip' in entry) return entry;
    const brief = toListedBrief(entry.brief);
    store.put(key, entry.brief, brief);
    return { brief: interner.listed(brief), key };
  };
  return (raw, key) => {
    const listed = reuseStored ? store.getListed(key) : undefined;
    if (listed) return { brief: interner.listed(listed), key };
    normalizedTotal++;
    const entry = normalize(raw);
    return entry instanceof Promise ? entry.then((e) => keep(e, key)) : keep(entry, key);
  };
}

/** Pages in crawl order -> unique briefs (a slug seen on an earlier page wins), their keys, skips. */
export function assembleStoredEntries(pages: Iterable<StoredEntry[]>): {
  briefs: ListedBrief[];
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
