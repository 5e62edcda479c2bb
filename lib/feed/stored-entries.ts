import { createHash } from 'node:crypto';
import { toListedBrief, type ListedBrief, type SkipReason } from '@/lib/briefs/types';
import type { BriefStore } from './brief-store';
import type { Entry } from './ingest/entries';
import type { StixIndex } from './ingest/stix';

// Feed items as the served data keeps them: a brief's list fields and the key of its record in
// the brief store (bodies live there, not on the heap), or why the item was skipped. The memo
// below normalises (parses, sanitises, sections) only items it has not seen: its keys are the
// store's keys and are saved with it, so unchanged items are reused across refreshes and
// across restarts alike.

export type StoredEntry = { brief: ListedBrief; key: string } | { skip: SkipReason };

let normalizedTotal = 0;

/** Items this process has normalised (sanitised) so far: the work a restart should not repeat. */
export function normalizedItems(): number {
  return normalizedTotal;
}

/**
 * The memo key of a raw item: its JSON and, when a STIX bundle is read, the techniques STIX
 * gives it (the same key as lib/feed/ingest/entries.ts's EntryMemo, so one item is one record).
 */
export function memoKeyOf(raw: unknown, stix: StixIndex | null): string {
  const hash = createHash('sha1').update(JSON.stringify(raw) ?? 'undefined');
  const item = raw as { title?: unknown; date_published?: unknown; date?: unknown } | null;
  if (stix && item && typeof item.title === 'string') {
    const published = String(item.date_published ?? item.date ?? '');
    hash.update(JSON.stringify(stix.lookup(item.title, published) ?? null));
  }
  return hash.digest('base64');
}

export class StoredEntryMemo {
  private next = new Map<string, StoredEntry>();

  constructor(
    private readonly normalize: (raw: unknown) => Entry,
    private readonly stix: StixIndex | null,
    private readonly store: BriefStore,
    private readonly previous: ReadonlyMap<string, StoredEntry> = new Map(),
    /** False when the ATT&CK catalog changed: a stored record then has stale technique names. */
    private readonly reuseStored = true,
  ) {}

  toEntries = (items: unknown[]): StoredEntry[] => items.map((raw) => this.entryFor(raw));

  private entryFor(raw: unknown): StoredEntry {
    const key = memoKeyOf(raw, this.stix);
    let entry = this.previous.get(key) ?? this.next.get(key);
    if (!entry) {
      const listed = this.reuseStored ? this.store.getListed(key) : undefined;
      entry = listed ? { brief: listed, key } : this.normalizeOnce(raw, key);
    }
    this.next.set(key, entry);
    return entry;
  }

  private normalizeOnce(raw: unknown, key: string): StoredEntry {
    normalizedTotal++;
    const entry = this.normalize(raw);
    if ('skip' in entry) return entry;
    // The body goes to disk now; only the list fields stay on the heap.
    const listed = toListedBrief(entry.brief);
    this.store.put(key, entry.brief, listed);
    return { brief: listed, key };
  }

  /** The memo for the next refresh: only items seen in this one, so it never grows without bound. */
  get entries(): Map<string, StoredEntry> {
    return this.next;
  }
}

/** Pages in crawl order -> unique briefs (a slug seen on an earlier page wins), their keys, skips. */
export function assembleStoredEntries(pages: Iterable<StoredEntry[]>): {
  briefs: ListedBrief[];
  keys: Map<string, string>;
  skipped: { reason: string; count: number }[];
} {
  const keys = new Map<string, string>();
  const briefs: ListedBrief[] = [];
  const skipped = new Map<string, number>();
  const skip = (reason: string) => skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
  for (const entries of pages) {
    for (const entry of entries) {
      if ('skip' in entry) skip(entry.skip);
      else if (keys.has(entry.brief.slug)) skip('duplicate');
      else {
        keys.set(entry.brief.slug, entry.key);
        briefs.push(entry.brief);
      }
    }
  }
  return {
    briefs,
    keys,
    skipped: [...skipped]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count),
  };
}
