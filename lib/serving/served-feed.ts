import 'server-only';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toBriefChanges } from '@/lib/briefs/changes';
import type { BriefFilter, BriefQueryResult } from '@/lib/briefs/filter/types';
import { queryBriefs } from '@/lib/briefs/search/query';
import type { FacetQuery } from '@/lib/briefs/filter/facet-query';
import { listFacetValues, type FacetValuesResult } from '@/lib/briefs/search/facet-values';
import { toBriefBody, toIndexedBrief, type BriefBody, type IndexedBrief } from '@/lib/briefs/types';
import type { BriefDetail } from '@/lib/briefs/types';
import { getConfig, type AppConfig } from '@/lib/config';
import { getCatalogStatus, loadCatalogFromDisk } from '@/lib/feed/attack-catalog';
import { getBundledDemo } from './bundled-demo';
import {
  getCveSignals,
  getSignalsStatus,
  loadSignals,
  noteFeedCves,
  startSignalsSchedule,
} from '@/lib/signals/signal-store';
import { FeedRefresh, type ServedHolder } from './refresh';
import type { SnapshotCoordinator } from './shared/coordinator';
import { SharedFeed } from './shared/shared-feed';
import { BriefStore } from './brief-store';
import { describeError } from '@/lib/feed/errors';
import { redactUrl, redactUrlsIn } from '@/lib/feed/redact';
import { normalizedItems } from './page-ingest';
import { htmlPoolStatus } from '@/lib/feed/ingest/html-renderer';
import type { ServedData } from './served-data';
import type { FeedStatus, SourceBlock } from './status';
import { timeTextIndex } from '@/lib/ops/feed-metrics';
import { moduleLog } from '@/lib/ops/log';
import { flaggedBriefs } from './flagged-briefs';
import { integrityStatus } from './store-integrity';
import { configureExportCache } from '@/lib/briefs/export/export-cache';

/**
 * The one place that owns the feed's data: what is served and how it is read. Requests never wait
 * on the upstream; how the data is refreshed is lib/serving/refresh.ts. Over 300 lines because it
 * is the one facade every route reads through (queries, bodies, status) plus the process-wide
 * instance at its end; each part is a few lines of delegation to the modules it names.
 */
export class ServedFeed implements ServedHolder {
  private data!: ServedData;
  private readonly refresher: FeedRefresh | null;
  private readonly shared: SharedFeed | null;
  private readonly briefStore: BriefStore | null;

  private constructor(
    readonly config: AppConfig,
    coordinator: SnapshotCoordinator | null,
  ) {
    this.shared = coordinator ? new SharedFeed(coordinator, config) : null;
    configureExportCache(config.exportCacheMb * 1024 * 1024);
    // With FEED_URL=offline nothing is crawled, so nothing is stored.
    this.briefStore = config.feedUrl === 'offline' ? null : openBriefStore(config.cacheDir);
    this.refresher = this.briefStore
      ? new FeedRefresh(config, this, this.shared, this.briefStore)
      : null;
  }

  /**
   * Serves the shared snapshot (with a coordinator), else the disk snapshot, else the bundled demo
   * snapshot; the first refresh is started apart.
   */
  static async load(
    config: AppConfig,
    coordinator: SnapshotCoordinator | null = null,
  ): Promise<ServedFeed> {
    const store = new ServedFeed(config, coordinator);
    await loadCatalogFromDisk(config.cacheDir);
    if (config.feedUrl === 'offline') {
      await store.serveBundled('FEED_URL is set to "offline"');
      return store;
    }
    const refresher = store.refresher!;
    const briefStore = store.briefStore!;
    if (await refresher.adoptShared(null)) return store;
    const disk = briefStore.read(config.feedUrl);
    if (disk.kind === 'ok') {
      refresher.serveStored(disk.state, disk.listed);
    } else {
      const problem = disk.kind === 'invalid' ? disk.reason : (briefStore.rebuiltBecause ?? null);
      const why = problem ? ` (the saved store was unusable: ${problem})` : '';
      await store.serveBundled(`no data has been fetched from the upstream feed yet${why}`);
    }
    return store;
  }

  get current(): ServedData {
    return this.data;
  }

  serve(data: ServedData): void {
    this.data = data;
    void noteFeedCves(data.index.facets.cve.values); // the signals keep only the feed's CVEs
  }

  /**
   * Resolves once `filter` can be answered at once: a search waits for the text index, which is
   * built in steps after the briefs are served, while other requests go on being answered.
   */
  async readyFor(filter: Pick<BriefFilter, 'q'>): Promise<void> {
    if (filter.q.trim() !== '') await this.data.index.prepareText();
  }

  queryBriefs(filter: BriefFilter, excluded?: ReadonlySet<string>): BriefQueryResult {
    return queryBriefs(this.data.index, filter, getCveSignals(), excluded);
  }

  listFacetValues(query: FacetQuery): FacetValuesResult {
    const { facet, filter, ...opts } = query;
    return listFacetValues(this.data.index, filter, facet, opts, getCveSignals());
  }

  /** A brief with its body, read from the brief store. */
  getBrief(slug: string): BriefDetail | undefined {
    const listed = this.data.index.getBySlug(slug);
    const body = listed && this.data.readBody(slug);
    if (!listed || !body) return undefined;
    const history = this.data.readHistory(slug);
    return { ...listed, ...body, changes: history ? toBriefChanges(history) : null };
  }

  getIndexedBrief(slug: string): IndexedBrief | undefined {
    return this.data.index.getBySlug(slug);
  }

  getBody(slug: string): BriefBody | undefined {
    return this.data.readBody(slug);
  }

  getBriefs(): readonly IndexedBrief[] {
    return this.data.briefs;
  }

  getBodiesVersion(): string {
    return this.data.bodiesVersion;
  }

  getStatus(): FeedStatus {
    const refresh = this.refresherState();
    return {
      ...this.getSourceBlock(),
      briefs: this.data.briefs.length,
      skipped: this.data.skipped,
      untitled: flaggedBriefs(this.data.briefs).untitled,
      ...integrityStatus(this.data.briefs, this.briefStore),
      upstream: {
        url: showUrl(this.config.feedUrl),
        lastAttemptAt: refresh.lastAttemptAt,
        lastSuccessAt: refresh.lastSuccessAt,
        lastError: redactUrlsIn(refresh.lastError),
        stoppedBy: refresh.stoppedBy,
        pages: refresh.pages,
      },
      stix: {
        ...refresh.stix,
        url: showUrl(this.config.stixUrl),
        lastError: redactUrlsIn(refresh.stix.lastError),
      },
      attackCatalog: redactCatalogStatus(getCatalogStatus()),
      signals: getSignalsStatus(this.config, showUrl),
      normalizedItems: normalizedItems(),
      searchReady: this.data.index.textReady(),
      htmlPool: htmlPoolStatus(this.config),
      redis: this.shared?.status() ?? null,
    };
  }

  getSourceBlock(): SourceBlock {
    const { source, bundledReason, fetchedAt } = this.data;
    const { lastError, progress } = this.refresherState();
    const age = fetchedAt ? Date.now() - Date.parse(fetchedAt) : Infinity;
    const stale =
      source !== 'bundled' && (lastError !== null || age > 2 * this.config.refreshSeconds * 1000);
    return {
      ok: lastError === null,
      source,
      bundledReason: redactUrlsIn(
        source === 'bundled' && lastError
          ? `${bundledReason}; last attempt: ${lastError}`
          : bundledReason,
      ),
      fetchedAt,
      stale,
      refreshing: progress,
    };
  }

  /** Single flight: every caller during a refresh shares the one under way. */
  refresh(): Promise<void> {
    return this.refresher?.refresh() ?? Promise.resolve();
  }

  refreshIfDue(): void {
    this.refresher?.refreshIfDue();
  }

  startSchedule(): void {
    this.refresher?.startSchedule();
    startSignalsSchedule(this.config);
  }

  stopSchedule(): void {
    this.refresher?.stopSchedule();
  }

  /** Stops the schedule and closes the brief store (tests, shutdown). */
  async close(): Promise<void> {
    this.stopSchedule();
    await this.briefStore?.close();
  }

  /** Shutdown's first step: no new crawl, the one under way stops between pages. */
  async stopRefresh(): Promise<void> {
    await this.refresher?.stop();
  }

  /**
   * Graceful shutdown: the crawl under way stops between pages (its lease released), then the
   * brief store is flushed and closed and the Redis connection closed.
   */
  async shutdown(): Promise<void> {
    await this.stopRefresh();
    await this.close();
    await this.shared?.close();
  }

  refresherState() {
    return this.refresher?.state() ?? NO_REFRESH;
  }

  private async serveBundled(reason: string): Promise<void> {
    const { briefs, skipped, index } = await getBundledDemo();
    // The demo's 250 bodies stay in memory: it is never stored.
    const bodies = new Map(briefs.map((b) => [b.slug, toBriefBody(b)]));
    this.data = {
      source: 'bundled',
      bundledReason: reason,
      fetchedAt: null,
      briefs: briefs.map(toIndexedBrief),
      skipped,
      index,
      readBody: (slug) => bodies.get(slug),
      readHistory: () => undefined,
      bodiesVersion: 'bundled',
    };
    void timeTextIndex(index);
  }
}

function redactCatalogStatus(status: FeedStatus['attackCatalog']): FeedStatus['attackCatalog'] {
  return { ...status, lastError: redactUrlsIn(status.lastError) };
}

/** A configured URL as shown; the keywords `offline` and `off` as they are. */
function showUrl(url: string): string {
  return url === 'offline' || url === 'off' ? url : redactUrl(url);
}

const NO_REFRESH: ReturnType<FeedRefresh['state']> = {
  lastAttemptAt: null,
  lastSuccessAt: null,
  lastError: null,
  stoppedBy: null,
  pages: 0,
  progress: false,
  stix: { lastSuccessAt: null, lastError: null, reports: 0 },
};

/**
 * The brief store in CACHE_DIR or, when that cannot be written (a read-only volume), in a
 * temporary folder: the server still serves, it only forgets its data on a restart.
 */
function openBriefStore(cacheDir: string): BriefStore {
  try {
    return BriefStore.open(cacheDir);
  } catch (err) {
    const fallback = mkdtempSync(path.join(tmpdir(), 'brief-store-'));
    moduleLog('store').error(
      `Could not open the brief store in ${cacheDir} (${describeError(err)}); using ${fallback}, which a restart does not keep`,
    );
    return BriefStore.open(fallback);
  }
}

async function loadConfiguredStore(): Promise<ServedFeed> {
  const config = getConfig();
  // ioredis is loaded only when several instances share a cache.
  const coordinator = config.redisUrl
    ? (await import('./shared/redis-coordinator')).createRedisCoordinator(config.redisUrl, {
        secret: config.redisSnapshotSecret ?? '',
        maxSnapshotBytes: config.redisSnapshotMaxBytes,
      })
    : null;
  const store = await ServedFeed.load(config, coordinator);
  // KEV and EPSS of the served feed's CVEs, from disk or the bundled files (lib/signals/).
  await loadSignals(config, store.current.index.facets.cve.values);
  return store;
}

const STORE_KEY = Symbol.for('threat-brief-dashboard.feed-store');
const LOADED_KEY = Symbol.for('threat-brief-dashboard.feed-store.loaded');
type GlobalWithStore = typeof globalThis & {
  [STORE_KEY]?: Promise<ServedFeed>;
  [LOADED_KEY]?: ServedFeed;
};

/**
 * The process-wide store, with its refresh started when the schedule is overdue (a timer can be
 * delayed). Kept on globalThis because Next.js may bundle this module into several server chunks
 * (pages, route handlers, instrumentation) that must share one cache.
 */
export async function getServedFeed(): Promise<ServedFeed> {
  const g = globalThis as GlobalWithStore;
  g[STORE_KEY] ??= loadConfiguredStore().then((store) => {
    g[LOADED_KEY] = store;
    store.startSchedule();
    return store;
  });
  const store = await g[STORE_KEY];
  store.refreshIfDue();
  return store;
}

/** The store once it is loaded, without waiting or starting anything (health, metrics). */
export function peekServedFeed(): ServedFeed | null {
  return (globalThis as GlobalWithStore)[LOADED_KEY] ?? null;
}
