import 'server-only';
import { toIndexedBrief } from '@/lib/briefs/types';
import { itemKeyOf, type Entry, type SkippedEntry } from '@/lib/feed/ingest/entries';
import type { BriefStore } from './brief-store';
import type { StoredEntry } from './stored-entries';
import type { ValueInterner } from './value-interner';

// One crawled page's raw items -> what the served data keeps of each (stored-entries.ts): in one
// place, in one direction. Per item: depth-checked and keyed once (itemKeyOf), then the last
// refresh's entry, else the brief store's record (a restart), else normalised now and its body
// written to the store. New briefs shift every page of the real feed, so page-level 304s alone
// would re-sanitise thousands of unchanged items: the item key is what makes a refresh cheap.

/** Normalises one depth-checked item; its body on the serving thread or in the HTML worker pool. */
export type Normalize = (raw: unknown) => Entry | Promise<Entry>;

let normalizedTotal = 0;

/** Items this process has normalised (sanitised) so far: the work a restart should not repeat. */
export function normalizedItems(): number {
  return normalizedTotal;
}

export interface PageIngestOptions {
  store: BriefStore;
  normalize: Normalize;
  /** Techniques STIX gives an item are part of its key: new ones make it a new item. */
  stix: Parameters<typeof itemKeyOf>[1];
  /** False when the ATT&CK catalog or STIX changed: a stored record then has stale techniques. */
  reuseStored: boolean;
  interner: ValueInterner;
  /** The last refresh's entries by item key. */
  previous?: ReadonlyMap<string, StoredEntry>;
}

export class PageIngest {
  private next = new Map<string, StoredEntry>();
  /** Items being normalised now (the pool): a second copy on the feed waits for the first. */
  private making = new Map<string, Promise<StoredEntry>>();

  constructor(private readonly opts: PageIngestOptions) {}

  /** Every item of a page, in page order (the pool normalises them in parallel). */
  ingest(items: readonly unknown[]): Promise<StoredEntry[]> {
    return Promise.all(items.map((raw) => this.entryFor(raw)));
  }

  /** The memo for the next refresh: only items seen in this one, so it never grows without bound. */
  get entries(): Map<string, StoredEntry> {
    return this.next;
  }

  private entryFor(raw: unknown): StoredEntry | Promise<StoredEntry> {
    const keyed = itemKeyOf(raw, this.opts.stix);
    if ('skip' in keyed) return keyed;
    const { key } = keyed;
    const known = this.opts.previous?.get(key) ?? this.next.get(key);
    if (known) {
      this.next.set(key, known);
      return known;
    }
    const making = this.making.get(key);
    if (making) return making;
    const listed = this.opts.reuseStored ? this.opts.store.getIndexed(key) : undefined;
    if (listed) return this.remember(key, { brief: this.opts.interner.indexed(listed), key });
    normalizedTotal++;
    const entry = this.opts.normalize(raw);
    if (!(entry instanceof Promise)) return this.remember(key, this.keep(entry, key));
    const settled = entry.then((e) => {
      this.making.delete(key);
      return this.remember(key, this.keep(e, key));
    });
    this.making.set(key, settled);
    return settled;
  }

  private keep(entry: Entry, key: string): StoredEntry {
    if ('skip' in entry) return entry satisfies SkippedEntry;
    const brief = toIndexedBrief(entry.brief);
    this.opts.store.put(key, entry.brief, brief);
    return { brief: this.opts.interner.indexed(brief), key };
  }

  private remember(key: string, entry: StoredEntry): StoredEntry {
    this.next.set(key, entry);
    return entry;
  }
}
