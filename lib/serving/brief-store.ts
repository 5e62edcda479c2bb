import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { LruCache } from '@/lib/briefs/search/lru-cache';
import { BODY_TEXT_CHARS } from '@/lib/briefs/search/text-search';
import { briefHistorySchema, type BriefHistory } from '@/lib/briefs/changes';
import { toBriefBody, type Brief, type BriefBody, type IndexedBrief } from '@/lib/briefs/types';
import {
  checkBodyRecord,
  checkIndexedRecord,
  RefusedRecords,
  type BriefStoreStatus,
} from './store-integrity';
import { checkLmdbFile, LMDB_PAGE_SIZE as PAGE_SIZE } from './lmdb-file-check';
import { moveStoreAside } from './store-aside';
import { STORE_FORMAT as FORMAT, stateSchema, type StoreState } from './store-state';
import { verifyStoreInChild } from './store-verify';

// The disk store of briefs, and the snapshot a restart serves from: an LMDB environment
// (memory-mapped, one writer, atomic commits) in CACHE_DIR/brief-store. Each brief is stored
// under its memo key (a hash of its raw item and STIX techniques, see stored-entries.ts) in
// three tables, so a restart reads the list fields without touching bodies:
//   listed  key -> the brief's list fields (what the heap keeps)
//   bodies  key -> sanitised HTML + sections (read on demand, behind a small cache)
//   texts   key -> the searchable start of its plain text (read once, to build the text index)
//   history slug -> the facts of its current and earlier versions (lib/serving/brief-history.ts)
// and `meta` holds the state: which pages the last refresh kept, their briefs by key, validators.
// The state is written after the records it names are committed, so what it names is on disk.
// LMDB trusts its file (a garbage or cut-short file can crash the process), so the file is
// checked before it is opened (lmdb-file-check.ts, then store-verify.ts in a child process); a
// store that fails any check is moved aside and built again. The saved state: store-state.ts.
// Memory: LMDB's mapped pages count in the process's RSS once touched (writes touch every page
// they write), so values are lz4-compressed (bodies shrink about threefold: sections repeat
// their HTML) and the map is remapped in chunks, which lets the kernel drop pages not read lately.

const DIR = 'brief-store';
const BODY_CACHE_SIZE = 64;
/** The body cache's byte bound (README): a few large bodies cannot hold 64 × 500 kB. */
const BODY_CACHE_BYTES = 16 * 1024 * 1024;

export type StoreReadResult =
  | { kind: 'ok'; state: StoreState; listed: Map<string, IndexedBrief> }
  | { kind: 'missing' }
  | { kind: 'invalid'; reason: string };

/** The store's data file in `cacheDir` (tests damage it on purpose). */
export function briefStoreFile(cacheDir: string): string {
  return path.resolve(cacheDir, DIR, 'data.mdb');
}

export class BriefStore {
  private readonly bodyCache = new LruCache<string, BriefBody>(BODY_CACHE_SIZE, {
    max: BODY_CACHE_BYTES,
    // The HTML once whole and about once more in its sections, 2 bytes a character at most.
    sizeOf: (body) => body.contentHtml.length * 4 + 1024,
  });
  private pending: Promise<unknown>[] = [];
  private readonly refused = new RefusedRecords();
  private movedAsideTo: string | null = null;

  private constructor(
    private readonly root: RootDatabase,
    private readonly meta: Database<StoreState, string>,
    private readonly listed: Database<IndexedBrief, string>,
    private readonly bodies: Database<BriefBody, string>,
    private readonly texts: Database<string, string>,
    private readonly history: Database<unknown, string>,
    /** Why the store on disk was thrown away when opened, or null. */
    readonly rebuiltBecause: string | null,
  ) {}

  /** Opens (or creates) the store in `cacheDir`; a damaged one is deleted and created empty. */
  static open(cacheDir: string): BriefStore {
    const dir = path.resolve(cacheDir, DIR);
    mkdirSync(dir, { recursive: true });
    // The header check is cheap; the full read in a child process catches what it cannot.
    let reason = checkLmdbFile(path.join(dir, 'data.mdb')) ?? verifyStoreInChild(dir, PAGE_SIZE);
    if (!reason) {
      try {
        return BriefStore.openAt(dir, null);
      } catch (err) {
        reason = `unreadable store: ${(err as Error).message}`;
      }
    }
    console.error(`The brief store in ${dir} is not used (${reason}); it is rebuilt`);
    const aside = moveStoreAside(dir);
    mkdirSync(dir, { recursive: true });
    const store = BriefStore.openAt(dir, reason);
    store.movedAsideTo = aside;
    return store;
  }

  private static openAt(dir: string, rebuiltBecause: string | null): BriefStore {
    const root = open({
      path: dir,
      maxDbs: 5,
      pageSize: PAGE_SIZE,
      compression: true,
      remapChunks: true,
    });
    const meta = root.openDB<StoreState | string, string>({ name: 'meta' });
    // An older format's values are not readable as this one's (compression changed them).
    const format = meta.get('format');
    if (format !== undefined && format !== FORMAT) {
      void root.close();
      throw new Error(`store format ${String(format).slice(0, 40)}, not ${FORMAT}`);
    }
    if (format === undefined) meta.putSync('format', FORMAT);
    return new BriefStore(
      root,
      meta as Database<StoreState, string>,
      root.openDB<IndexedBrief, string>({ name: 'listed' }),
      root.openDB<BriefBody, string>({ name: 'bodies' }),
      root.openDB<string, string>({ name: 'texts', encoding: 'string' }),
      root.openDB<unknown, string>({ name: 'history' }),
      rebuiltBecause,
    );
  }

  /** The last saved state for `feedUrl`, with the list fields of every brief it names. */
  read(feedUrl: string): StoreReadResult {
    let raw: unknown;
    try {
      raw = this.meta.get('state');
    } catch (err) {
      return {
        kind: 'invalid',
        reason: `unreadable state: ${(err as Error).message.slice(0, 200)}`,
      };
    }
    if (raw === undefined) return { kind: 'missing' };
    const parsed = stateSchema.safeParse(raw);
    if (!parsed.success) return { kind: 'invalid', reason: 'unexpected state shape' };
    // Past this shape check, each record is still checked as it is read (getIndexed, getBody).
    const state = parsed.data as unknown as StoreState;
    if (state.feedUrl !== feedUrl) return { kind: 'invalid', reason: 'saved for another feed' };
    const listed = new Map<string, IndexedBrief>();
    for (const page of state.pages) {
      for (const entry of page.entries) {
        if (!('key' in entry) || listed.has(entry.key)) continue;
        if (!this.listed.doesExist(entry.key) || !this.bodies.doesExist(entry.key))
          return { kind: 'invalid', reason: `torn store: no record for ${entry.slug}` };
        // A record that fails its checks costs only itself: left out (and named in the status),
        // the next refresh normalises the item again.
        const brief = this.getIndexed(entry.key);
        if (brief) listed.set(entry.key, brief);
      }
    }
    return { kind: 'ok', state, listed };
  }

  has(key: string): boolean {
    return this.listed.doesExist(key);
  }

  /** Stores a brief under `key`; committed in the background, awaited by save(). */
  put(key: string, brief: Brief, listed: IndexedBrief): void {
    const body = toBriefBody(brief);
    this.pending.push(
      this.listed.put(key, listed),
      this.bodies.put(key, body),
      // Only what the text index reads: the rest of the text is never asked of the store.
      this.texts.put(key, brief.text.slice(0, BODY_TEXT_CHARS)),
    );
  }

  /** Resolves once every record put so far is committed (and readable). */
  async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
  }

  /** The list record under `key`, checked as ingest made it (store-integrity.ts); refused ones are undefined. */
  getIndexed(key: string): IndexedBrief | undefined {
    const raw = this.readRecord(this.listed, key);
    if (raw === undefined) return undefined;
    const brief = checkIndexedRecord(raw);
    if (!brief) this.refuse('listed', key, raw);
    return brief ?? undefined;
  }

  /** The body under `key`, its HTML on the allow-list (sanitised again if not); for every reader. */
  getBody(key: string): BriefBody | undefined {
    let body = this.bodyCache.get(key);
    if (body === undefined) {
      const raw = this.readRecord(this.bodies, key);
      if (raw === undefined) return undefined;
      body = checkBodyRecord(raw) ?? undefined;
      if (body === undefined) this.refuse('body', key, raw);
      else this.bodyCache.set(key, body);
    }
    return body;
  }

  getText(key: string): string {
    const text = this.readRecord(this.texts, key);
    return typeof text === 'string' ? text : '';
  }

  status(): BriefStoreStatus {
    return {
      rebuiltBecause: this.rebuiltBecause,
      movedAsideTo: this.movedAsideTo,
      refusedRecords: { count: this.refused.count, names: [...this.refused.names] },
    };
  }

  /** A record as decoded, or undefined when absent or when it does not decode (a damaged value). */
  private readRecord<T>(db: Database<T, string>, key: string): unknown {
    try {
      return db.get(key);
    } catch {
      this.refuse('undecodable', key, undefined);
      return undefined;
    }
  }

  private refuse(what: string, key: string, raw: unknown): void {
    const slug = (raw as { slug?: unknown } | null)?.slug;
    this.refused.note(`${what}: ${typeof slug === 'string' ? slug : key}`);
  }

  /** A brief's version history, or undefined when it has none or the record is not one. */
  getHistory(slug: string): BriefHistory | undefined {
    const parsed = briefHistorySchema.safeParse(this.history.get(slug));
    return parsed.success ? parsed.data : undefined;
  }

  /** Every valid history record (only briefs that changed have one). */
  readHistories(): Map<string, BriefHistory> {
    const histories = new Map<string, BriefHistory>();
    for (const { key, value } of this.history.getRange()) {
      const parsed = briefHistorySchema.safeParse(value);
      if (parsed.success && parsed.data.slug === key) histories.set(key, parsed.data);
    }
    return histories;
  }

  /** Stores a brief's history; committed in the background, awaited by save() and flush(). */
  putHistory(history: BriefHistory): void {
    this.pending.push(this.history.put(history.slug, history));
  }

  removeHistory(slug: string): void {
    if (this.history.doesExist(slug)) this.pending.push(this.history.remove(slug));
  }

  /**
   * Writes `state` once every record put so far is committed, then deletes the records it no
   * longer names (an earlier refresh's briefs that left the feed or changed).
   */
  async save(state: Omit<StoreState, 'format' | 'savedAt'>): Promise<void> {
    await this.flush();
    await this.meta.put('state', { ...state, format: FORMAT, savedAt: new Date().toISOString() });
    const kept = new Set<string>();
    const slugs = new Set<string>();
    for (const page of state.pages)
      for (const entry of page.entries)
        if ('key' in entry) {
          kept.add(entry.key);
          slugs.add(entry.slug);
        }
    await this.root.transaction(() => {
      // A brief that left the feed takes its history with it: the table stays bounded.
      for (const slug of this.history.getKeys())
        if (!slugs.has(slug)) void this.history.remove(slug);
      for (const key of this.listed.getKeys()) {
        if (kept.has(key)) continue;
        void this.listed.remove(key);
        void this.bodies.remove(key);
        void this.texts.remove(key);
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.pending);
    await this.root.close();
  }
}
