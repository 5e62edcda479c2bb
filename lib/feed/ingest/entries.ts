import { createHash } from 'node:crypto';
import type { Brief, SkipReason } from '@/lib/briefs/types';
import { normalizeItem, type NormalizeContext } from './normalize';
import type { StixIndex } from './stix';

/** One feed item after normalisation: a brief, or why it could not become one. */
export type Entry = { brief: Brief } | { skip: SkipReason };

/** Normalises one raw item into what a page keeps. */
export function toEntry(raw: unknown, ctx: NormalizeContext): Entry {
  const result = normalizeItem(raw, ctx);
  return result.ok ? { brief: result.brief } : { skip: result.reason };
}

export interface Assembled {
  briefs: Brief[];
  skipped: { reason: string; count: number }[];
}

/** Pages in crawl order -> unique briefs (a slug seen on an earlier page wins) and skip counts. */
export function assembleEntries(pages: Iterable<Entry[]>): Assembled {
  const bySlug = new Map<string, Brief>();
  const skipped = new Map<string, number>();
  const skip = (reason: string) => skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
  for (const entries of pages) {
    for (const entry of entries) {
      if ('skip' in entry) skip(entry.skip);
      else if (bySlug.has(entry.brief.slug)) skip('duplicate');
      else bySlug.set(entry.brief.slug, entry.brief);
    }
  }
  return {
    briefs: [...bySlug.values()],
    skipped: [...skipped]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count),
  };
}

/**
 * Normalises items, reusing the previous refresh's result for an item whose raw JSON (and STIX
 * techniques) did not change: new briefs shift every page of the real feed, so page-level 304s
 * alone would re-sanitise thousands of unchanged items.
 */
export class EntryMemo {
  private next = new Map<string, Entry>();

  constructor(
    private readonly normalize: (raw: unknown) => Entry,
    private readonly stix: StixIndex | null,
    private readonly previous: Map<string, Entry> = new Map(),
  ) {}

  toEntries = (items: unknown[]): Entry[] => items.map((raw) => this.entryFor(raw));

  private entryFor(raw: unknown): Entry {
    const key = this.keyOf(raw);
    const entry = this.previous.get(key) ?? this.next.get(key) ?? this.normalize(raw);
    this.next.set(key, entry);
    return entry;
  }

  private keyOf(raw: unknown): string {
    const hash = createHash('sha1').update(JSON.stringify(raw) ?? 'undefined');
    const item = raw as { title?: unknown; date_published?: unknown; date?: unknown } | null;
    if (this.stix && item && typeof item.title === 'string') {
      const published = String(item.date_published ?? item.date ?? '');
      hash.update(JSON.stringify(this.stix.lookup(item.title, published) ?? null));
    }
    return hash.digest('base64');
  }

  /** The memo for the next refresh: only items seen in this one, so it never grows without bound. */
  get entries(): Map<string, Entry> {
    return this.next;
  }
}
