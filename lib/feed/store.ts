import 'server-only';
import { buildBriefIndex, type BriefIndex } from '@/lib/briefs/search/brief-index';
import type { BriefFilter, BriefQueryResult } from '@/lib/briefs/filter/types';
import { normalizeItem } from '@/lib/feed/ingest/normalize';
import { queryBriefs } from '@/lib/briefs/search/query';
import type { Brief, SkipReason } from '@/lib/briefs/types';
import { getConfig, type AppConfig } from '@/lib/config';
import { assembleEntries, EntryMemo, type Entry } from './ingest/entries';
import type { RefreshLease, SnapshotCoordinator } from './shared-refresh/coordinator';
import { readBundledFeed } from './bundled-snapshot';
import { crawlFeed, type PageRecord } from './crawl';
import { describeError } from './errors';
import { fetchJson, type Validators } from './http-client';
import { readSnapshot, writeSnapshot, type Snapshot } from './snapshot';
import { indexStixBundle, type StixIndex } from './ingest/stix';
import type { CrawlProgress, DataSource, FeedStatus, SourceBlock } from './types';
import {
  getCatalogStatus,
  getTechniqueCatalog,
  loadCatalogFromDisk,
  refreshCatalogIfDue,
} from './attack-catalog';

interface ServedData {
  source: DataSource;
  bundledReason: string | null;
  fetchedAt: string | null;
  briefs: Brief[];
  index: BriefIndex;
  skipped: { reason: string; count: number }[];
}

interface StixState {
  index: StixIndex | null;
  validators: Validators | null;
  /** Hash of the bundle's bytes: an unchanged bundle after a restart keeps the pages' 304s. */
  sha1: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
}

/**
 * The one place that owns the feed: what is served, the refresh under way and its progress.
 * Requests read `data` (swapped whole after each successful refresh) and never wait on the upstream.
 */
export class FeedStore {
  private data!: ServedData;
  private pages: PageRecord<Entry>[] = [];
  private memo = new Map<string, Entry>();
  private stix: StixState = {
    index: null,
    validators: null,
    sha1: null,
    lastSuccessAt: null,
    lastError: null,
  };
  private inflight: Promise<void> | null = null;
  private progress: CrawlProgress | false = false;
  private lastAttemptAt: string | null = null;
  private lastSuccessAt: string | null = null;
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private catalogChanged = false;
  /** With a coordinator: the shared version served here (the token of the lease that published it). */
  private sharedVersion: string | null = null;
  private holdingLease = false;

  private constructor(
    readonly config: AppConfig,
    private readonly coordinator: SnapshotCoordinator | null,
  ) {}

  /**
   * Loads the shared snapshot (with a coordinator), else the disk snapshot, else the bundled demo
   * snapshot; the first refresh is started apart.
   */
  static async load(
    config: AppConfig,
    coordinator: SnapshotCoordinator | null = null,
  ): Promise<FeedStore> {
    const store = new FeedStore(config, coordinator);
    await loadCatalogFromDisk(config.cacheDir);
    if (config.feedUrl === 'offline') {
      await store.serveBundled('FEED_URL is set to "offline"');
      return store;
    }
    if (coordinator) {
      coordinator.onVersionChange((version) => void store.adoptShared(version));
      coordinator.onRenewed((version, fetchedAt) => store.renewShared(version, fetchedAt));
      if (await store.adoptShared(null)) return store;
    }
    const disk = await readSnapshot(config.cacheDir);
    if (disk.kind === 'ok' && disk.snapshot.feedUrl === config.feedUrl) {
      store.serveSnapshot(disk.snapshot);
    } else {
      const why =
        disk.kind === 'invalid' ? ` (the saved snapshot was unusable: ${disk.reason})` : '';
      await store.serveBundled(`no data has been fetched from the upstream feed yet${why}`);
    }
    return store;
  }

  queryBriefs(filter: BriefFilter): BriefQueryResult {
    return queryBriefs(this.data.index, filter);
  }

  getBrief(slug: string): Brief | undefined {
    return this.data.index.getBySlug(slug);
  }

  getBriefs(): readonly Brief[] {
    return this.data.briefs;
  }

  getStatus(): FeedStatus {
    return {
      ...this.getSourceBlock(),
      briefs: this.data.briefs.length,
      skipped: this.data.skipped,
      upstream: {
        url: this.config.feedUrl,
        lastAttemptAt: this.lastAttemptAt,
        lastSuccessAt: this.lastSuccessAt,
        lastError: this.lastError,
        pages: this.pages.length,
      },
      stix: {
        url: this.config.stixUrl,
        lastSuccessAt: this.stix.lastSuccessAt,
        lastError: this.stix.lastError,
        reports: this.stix.index?.reports ?? 0,
      },
      attackCatalog: getCatalogStatus(),
      redis: this.coordinator
        ? { ...this.coordinator.status(), holdingLease: this.holdingLease }
        : null,
    };
  }

  getSourceBlock(): SourceBlock {
    const { source, bundledReason, fetchedAt } = this.data;
    const age = fetchedAt ? Date.now() - Date.parse(fetchedAt) : Infinity;
    const stale =
      source !== 'bundled' &&
      (this.lastError !== null || age > 2 * this.config.refreshSeconds * 1000);
    return {
      ok: this.lastError === null,
      source,
      bundledReason:
        source === 'bundled' && this.lastError
          ? `${bundledReason}; last attempt: ${this.lastError}`
          : bundledReason,
      fetchedAt,
      stale,
      refreshing: this.progress,
    };
  }

  /** Single flight: every caller during a refresh shares the one under way. */
  refresh(): Promise<void> {
    if (this.config.feedUrl === 'offline') return Promise.resolve();
    this.inflight ??= this.crawl().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** Called on requests: starts a refresh when the schedule is overdue (a timer can be delayed). */
  refreshIfDue(): void {
    if (this.config.feedUrl === 'offline' || this.inflight) return;
    const last = this.lastAttemptAt ? Date.parse(this.lastAttemptAt) : 0;
    if (Date.now() - last >= this.config.refreshSeconds * 1000) void this.refresh();
  }

  startSchedule(): void {
    if (this.timer || this.config.feedUrl === 'offline') return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.config.refreshSeconds * 1000);
    this.timer.unref();
  }

  stopSchedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async crawl(): Promise<void> {
    // The ATT&CK catalog (45 MB, daily) loads beside the crawl so it never delays the briefs.
    const catalogUpdate = refreshCatalogIfDue(this.config);
    await this.crawlFeed();
    if (await catalogUpdate) {
      this.catalogChanged = true;
      // After this refresh has released the single-flight slot.
      setTimeout(() => void this.refresh(), 0);
    }
  }

  private async crawlFeed(): Promise<void> {
    const startedAt = new Date().toISOString();
    this.lastAttemptAt = startedAt;
    this.progress = { startedAt, pagesDone: 0, itemsSoFar: 0 };
    let lease: RefreshLease | null = null;
    try {
      if (this.coordinator) {
        const acquired = await this.acquireLease();
        // Another instance is refreshing: its result arrives through onVersionChange.
        if (acquired === 'busy') return;
        lease = acquired;
        if (lease) {
          // Another instance may have published while this one waited for its turn: adopt, don't repeat.
          const shared = await this.coordinator.readVersion().catch(() => null);
          if (shared !== null && shared !== this.sharedVersion) await this.adoptShared(shared);
          if (this.sharedVersion !== null && this.isFresh()) return;
        }
      }
      const stixChanged = await this.refreshStix();
      // New technique names, tactics or STIX matches mean every item must be normalised again.
      const renormalize = stixChanged || this.catalogChanged;
      this.catalogChanged = false;
      if (renormalize) this.memo = new Map();
      const memo = new EntryMemo((raw) => this.normalize(raw), this.stix.index, this.memo);
      const result = await crawlFeed(this.config.feedUrl, {
        timeoutMs: this.config.timeoutMs,
        maxBytes: this.config.maxBytes,
        maxPages: this.config.maxPages,
        previous: renormalize ? new Map() : new Map(this.pages.map((p) => [p.url, p])),
        toEntries: memo.toEntries,
        onPage: (pagesDone, itemsSoFar) => {
          this.progress = { startedAt, pagesDone, itemsSoFar };
          void lease?.extend().catch(() => undefined);
        },
      });
      const fetchedAt = new Date().toISOString();
      const unchanged =
        !renormalize &&
        this.data.source !== 'bundled' &&
        result.notModified === result.pages.length &&
        result.pages.length === this.pages.length;
      this.pages = result.pages;
      this.memo = memo.entries;
      this.lastSuccessAt = fetchedAt;
      this.lastError = null;
      if (unchanged) {
        // Every page answered 304: the served index stays; only its age is renewed.
        this.data = { ...this.data, source: 'upstream', fetchedAt };
        if (!lease) return;
        // The other instances serve this same data: tell them its new age instead of shipping it
        // again (each would parse and index the whole snapshot). No shared version yet: publish.
        const renewed =
          this.sharedVersion &&
          (await lease.renew(this.sharedVersion, fetchedAt).catch(() => false));
        if (renewed) return;
      } else {
        const { briefs, skipped } = assembleEntries(result.pages.map((p) => p.entries));
        this.data = {
          source: 'upstream',
          bundledReason: null,
          fetchedAt,
          briefs,
          skipped,
          index: buildBriefIndex(briefs),
        };
        // What is served is no longer the shared snapshot until it is published (never renew it).
        this.sharedVersion = null;
      }
      const snapshot = this.toSnapshot();
      await this.saveSnapshot(snapshot);
      if (lease && (await lease.publish(snapshot).catch(() => false)))
        this.sharedVersion = String(lease.token);
    } catch (err) {
      this.lastError = describeError(err);
    } finally {
      this.progress = false;
      if (lease) {
        this.holdingLease = false;
        await lease.release().catch(() => undefined);
      }
    }
  }

  /** The served data is younger than most of a refresh period (another instance just refreshed it). */
  private isFresh(): boolean {
    const fetchedAt = this.data.fetchedAt ? Date.parse(this.data.fetchedAt) : 0;
    return Date.now() - fetchedAt < 0.9 * this.config.refreshSeconds * 1000;
  }

  /** 'busy' when another instance holds the lease; null when Redis is down (then crawl alone). */
  private async acquireLease(): Promise<RefreshLease | 'busy' | null> {
    try {
      const lease = await this.coordinator!.tryAcquire(this.config.redisLockTtlMs);
      this.holdingLease = lease !== null;
      return lease ?? 'busy';
    } catch {
      return null;
    }
  }

  /** The instance that published the served version found it unchanged upstream at `fetchedAt`. */
  private renewShared(version: string, fetchedAt: string): void {
    if (version !== this.sharedVersion || (this.data.fetchedAt ?? '') >= fetchedAt) return;
    this.data = { ...this.data, fetchedAt };
    this.lastSuccessAt = fetchedAt;
  }

  /** Serves the shared latest snapshot when it is newer than what is served here. */
  private async adoptShared(version: string | null): Promise<boolean> {
    if (!this.coordinator || (version !== null && version === this.sharedVersion)) return false;
    try {
      const latest = await this.coordinator.readLatest();
      if (!latest || latest.version === this.sharedVersion) return false;
      // Another deployment's feed in the same Redis database is not ours to serve.
      if (latest.snapshot.feedUrl !== this.config.feedUrl) return false;
      this.serveSnapshot(latest.snapshot, 'upstream');
      this.sharedVersion = latest.version;
      return true;
    } catch {
      return false; // Redis down: keep serving what is here; status() reports the error
    }
  }

  /** A failing STIX fetch never blocks the briefs: the last good bundle (or none) is kept. */
  private async refreshStix(): Promise<boolean> {
    if (this.config.stixUrl === 'off') return false;
    try {
      const result = await fetchJson(this.config.stixUrl, {
        timeoutMs: this.config.timeoutMs,
        maxBytes: this.config.maxBytes,
        validators: this.stix.index ? (this.stix.validators ?? undefined) : undefined,
      });
      if (result.kind === 'not-modified') {
        this.stix.lastSuccessAt = new Date().toISOString();
        this.stix.lastError = null;
        return false;
      }
      const index = indexStixBundle(result.body);
      if (!index) throw new Error(`${this.config.stixUrl} is not a STIX bundle`);
      const changed = result.sha1 !== this.stix.sha1;
      this.stix = {
        index,
        validators: result.validators,
        sha1: result.sha1,
        lastSuccessAt: new Date().toISOString(),
        lastError: null,
      };
      return changed;
    } catch (err) {
      this.stix.lastError = describeError(err);
      return false;
    }
  }

  private normalize(raw: unknown): Entry {
    const result = normalizeItem(raw, {
      catalog: getTechniqueCatalog(),
      stixTechniques: this.stix.index?.lookup,
    });
    return result.ok ? { brief: result.brief } : { skip: result.reason };
  }

  private async serveBundled(reason: string): Promise<void> {
    const { briefs, skipped, index } = await getBundledData();
    this.data = {
      source: 'bundled',
      bundledReason: reason,
      fetchedAt: null,
      briefs,
      skipped,
      index,
    };
  }

  private serveSnapshot(snapshot: Snapshot, source: DataSource = 'disk'): void {
    const bySlug = new Map(snapshot.briefs.map((b) => [b.slug, b]));
    this.pages = snapshot.pages.map((page) => ({
      url: page.url,
      validators: page.validators,
      nextUrl: page.nextUrl,
      entries: page.entries.flatMap((e): Entry[] => {
        if ('skip' in e) return [{ skip: e.skip as SkipReason }];
        const brief = bySlug.get(e.slug);
        return brief ? [{ brief }] : [];
      }),
    }));
    const { briefs, skipped } = assembleEntries(this.pages.map((p) => p.entries));
    this.stix.sha1 = snapshot.stix.sha1;
    this.data = {
      source,
      bundledReason: null,
      fetchedAt: snapshot.fetchedAt,
      briefs,
      skipped,
      index: buildBriefIndex(briefs),
    };
  }

  private toSnapshot(): Snapshot {
    return {
      feedUrl: this.config.feedUrl,
      fetchedAt: this.data.fetchedAt ?? new Date().toISOString(),
      savedAt: new Date().toISOString(),
      pages: this.pages.map((p) => ({
        url: p.url,
        validators: p.validators,
        nextUrl: p.nextUrl,
        entries: p.entries.map((e) => ('skip' in e ? { skip: e.skip } : { slug: e.brief.slug })),
      })),
      briefs: this.data.briefs,
      // The STIX bundle itself is not kept: after a restart it is read again to rebuild its index.
      stix: {
        fetchedAt: this.stix.lastSuccessAt,
        reports: this.stix.index?.reports ?? 0,
        sha1: this.stix.sha1,
      },
    };
  }

  private async saveSnapshot(snapshot: Snapshot): Promise<void> {
    try {
      await writeSnapshot(this.config.cacheDir, snapshot);
    } catch (err) {
      console.error(
        `Could not save the feed snapshot to ${this.config.cacheDir}: ${describeError(err)}`,
      );
    }
  }
}

/** The bundled snapshot never changes: normalise and index it once per process and catalog. */
let bundled:
  | { catalog: unknown; data: Promise<Omit<ServedData, 'source' | 'bundledReason' | 'fetchedAt'>> }
  | undefined;

function getBundledData() {
  const catalog = getTechniqueCatalog();
  if (bundled?.catalog !== catalog) {
    const data = readBundledFeed().then((feed) => {
      const normalize = (raw: unknown): Entry => {
        const result = normalizeItem(raw, { catalog, stixTechniques: feed.stix?.lookup });
        return result.ok ? { brief: result.brief } : { skip: result.reason };
      };
      const { briefs, skipped } = assembleEntries([feed.items.map(normalize)]);
      return { briefs, skipped, index: buildBriefIndex(briefs) };
    });
    bundled = { catalog, data };
  }
  return bundled.data;
}

async function loadConfiguredStore(): Promise<FeedStore> {
  const config = getConfig();
  // ioredis is loaded only when several instances share a cache.
  const coordinator = config.redisUrl
    ? (await import('./shared-refresh/redis-coordinator')).createRedisCoordinator(config.redisUrl)
    : null;
  return FeedStore.load(config, coordinator);
}

const STORE_KEY = Symbol.for('threat-brief-dashboard.feed-store');
type GlobalWithStore = typeof globalThis & { [STORE_KEY]?: Promise<FeedStore> };

/**
 * The process-wide store. Kept on globalThis because Next.js may bundle this module into several
 * server chunks (pages, route handlers, instrumentation) that must share one cache.
 */
export function getFeedStore(): Promise<FeedStore> {
  const g = globalThis as GlobalWithStore;
  g[STORE_KEY] ??= loadConfiguredStore().then((store) => {
    store.startSchedule();
    return store;
  });
  return g[STORE_KEY];
}
