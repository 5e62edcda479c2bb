import 'server-only';
import type { BriefIndex } from '@/lib/briefs/search/brief-index';
import type { BriefFilter, BriefQueryResult } from '@/lib/briefs/filter/types';
import { queryBriefs } from '@/lib/briefs/search/query';
import type { FacetQuery } from '@/lib/briefs/filter/facet-query';
import { listFacetValues, type FacetValuesResult } from '@/lib/briefs/search/facet-values';
import type { Brief } from '@/lib/briefs/types';
import { getConfig, type AppConfig } from '@/lib/config';
import { getCatalogStatus, loadCatalogFromDisk } from './attack-catalog';
import { getBundledData } from './bundled-snapshot';
import { FeedRefresh, type ServedHolder } from './refresh';
import type { SnapshotCoordinator } from './shared-refresh/coordinator';
import { SharedFeed } from './shared-refresh/shared-feed';
import { redactUrl, redactUrlsIn } from './redact';
import { readSnapshot } from './snapshot';
import type { DataSource, FeedStatus, SourceBlock } from '@/lib/api/types';

/** What is served: swapped whole after each successful refresh, so a reader never sees half. */
export interface ServedData {
  source: DataSource;
  bundledReason: string | null;
  fetchedAt: string | null;
  briefs: Brief[];
  index: BriefIndex;
  skipped: { reason: string; count: number }[];
}

/**
 * The one place that owns the feed's data: what is served and how it is read. Requests never wait
 * on the upstream; how the data is refreshed is lib/feed/refresh.ts.
 */
export class FeedStore implements ServedHolder {
  private data!: ServedData;
  private readonly refresher: FeedRefresh;
  private readonly shared: SharedFeed | null;

  private constructor(
    readonly config: AppConfig,
    coordinator: SnapshotCoordinator | null,
  ) {
    this.shared = coordinator ? new SharedFeed(coordinator, config) : null;
    this.refresher = new FeedRefresh(config, this, this.shared);
  }

  /**
   * Serves the shared snapshot (with a coordinator), else the disk snapshot, else the bundled demo
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
    if (await store.refresher.adoptShared(null)) return store;
    const disk = await readSnapshot(config.cacheDir);
    if (disk.kind === 'ok' && disk.snapshot.feedUrl === config.feedUrl) {
      store.refresher.serveSnapshot(disk.snapshot, 'disk');
    } else {
      const why =
        disk.kind === 'invalid' ? ` (the saved snapshot was unusable: ${disk.reason})` : '';
      await store.serveBundled(`no data has been fetched from the upstream feed yet${why}`);
    }
    return store;
  }

  get current(): ServedData {
    return this.data;
  }

  serve(data: ServedData): void {
    this.data = data;
  }

  queryBriefs(filter: BriefFilter): BriefQueryResult {
    return queryBriefs(this.data.index, filter);
  }

  listFacetValues(query: FacetQuery): FacetValuesResult {
    const { facet, filter, ...opts } = query;
    return listFacetValues(this.data.index, filter, facet, opts);
  }

  getBrief(slug: string): Brief | undefined {
    return this.data.index.getBySlug(slug);
  }

  getBriefs(): readonly Brief[] {
    return this.data.briefs;
  }

  getStatus(): FeedStatus {
    const refresh = this.refresher.state();
    const untitled = this.data.briefs.filter((b) => b.untitled).map((b) => b.slug);
    return {
      ...this.getSourceBlock(),
      briefs: this.data.briefs.length,
      skipped: this.data.skipped,
      untitled: { count: untitled.length, slugs: untitled.slice(0, 20) },
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
      redis: this.shared?.status() ?? null,
    };
  }

  getSourceBlock(): SourceBlock {
    const { source, bundledReason, fetchedAt } = this.data;
    const { lastError, progress } = this.refresher.state();
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
    return this.refresher.refresh();
  }

  refreshIfDue(): void {
    this.refresher.refreshIfDue();
  }

  startSchedule(): void {
    this.refresher.startSchedule();
  }

  stopSchedule(): void {
    this.refresher.stopSchedule();
  }

  private async serveBundled(reason: string): Promise<void> {
    this.data = {
      source: 'bundled',
      bundledReason: reason,
      fetchedAt: null,
      ...(await getBundledData()),
    };
  }
}

function redactCatalogStatus(status: FeedStatus['attackCatalog']): FeedStatus['attackCatalog'] {
  return { ...status, lastError: redactUrlsIn(status.lastError) };
}

/** A configured URL as shown; the keywords `offline` and `off` as they are. */
function showUrl(url: string): string {
  return url === 'offline' || url === 'off' ? url : redactUrl(url);
}

async function loadConfiguredStore(): Promise<FeedStore> {
  const config = getConfig();
  // ioredis is loaded only when several instances share a cache.
  const coordinator = config.redisUrl
    ? (await import('./shared-refresh/redis-coordinator')).createRedisCoordinator(config.redisUrl, {
        secret: config.redisSnapshotSecret ?? '',
        maxSnapshotBytes: config.redisSnapshotMaxBytes,
      })
    : null;
  return FeedStore.load(config, coordinator);
}

const STORE_KEY = Symbol.for('threat-brief-dashboard.feed-store');
type GlobalWithStore = typeof globalThis & { [STORE_KEY]?: Promise<FeedStore> };

/**
 * The process-wide store, with its refresh started when the schedule is overdue (a timer can be
 * delayed). Kept on globalThis because Next.js may bundle this module into several server chunks
 * (pages, route handlers, instrumentation) that must share one cache.
 */
export async function getFeedStore(): Promise<FeedStore> {
  const g = globalThis as GlobalWithStore;
  g[STORE_KEY] ??= loadConfiguredStore().then((store) => {
    store.startSchedule();
    return store;
  });
  const store = await g[STORE_KEY];
  store.refreshIfDue();
  return store;
}
