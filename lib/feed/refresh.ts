import 'server-only';
import { buildBriefIndex } from '@/lib/briefs/search/brief-index';
import type { AppConfig } from '@/lib/config';
import { getTechniqueCatalog, refreshCatalogIfDue } from './attack-catalog';
import { crawlFeed, type PageRecord } from './crawl';
import { CrawlBudgetError, describeError, type CrawlBudget } from './errors';
import { fetchUpstreamJson, type Validators } from './http-client';
import { redactUrlsIn } from './redact';
import { assembleEntries, EntryMemo, toEntry, type Entry } from './ingest/entries';
import { indexStixBundle, type StixIndex } from './ingest/stix';
import type { RefreshLease } from './shared-refresh/coordinator';
import type { SharedFeed } from './shared-refresh/shared-feed';
import { toPageRecords, toSnapshot, writeSnapshot, type Snapshot } from './snapshot';
import type { ServedData } from './store';
import type { CrawlProgress, DataSource } from '@/lib/api/types';

/** Where a refresh puts what it fetched: the store that serves it. */
export interface ServedHolder {
  readonly current: ServedData;
  serve(data: ServedData): void;
}

interface StixState {
  index: StixIndex | null;
  validators: Validators | null;
  /** Hash of the bundle's bytes: an unchanged bundle after a restart keeps the pages' 304s. */
  sha1: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
}

export interface RefreshState {
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** The cap that stopped the last crawl, when one did. */
  stoppedBy: CrawlBudget | null;
  pages: number;
  progress: CrawlProgress | false;
  stix: { lastSuccessAt: string | null; lastError: string | null; reports: number };
}

/**
 * How a refresh runs: crawls the feed (revalidating last crawl's pages, reusing unchanged items),
 * reads the STIX bundle and the ATT&CK catalog beside it, hands the result to the store, saves it
 * to disk and, with a shared refresh, publishes it for the other instances. Single flight.
 */
export class FeedRefresh {
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
  private stoppedBy: CrawlBudget | null = null;
  private timer: NodeJS.Timeout | null = null;
  private catalogChanged = false;

  constructor(
    private readonly config: AppConfig,
    private readonly served: ServedHolder,
    private readonly shared: SharedFeed | null,
  ) {
    shared?.onVersionChange((version) => void this.adoptShared(version));
    shared?.onRenewed((version, fetchedAt) => this.renewShared(version, fetchedAt));
  }

  state(): RefreshState {
    return {
      lastAttemptAt: this.lastAttemptAt,
      lastSuccessAt: this.lastSuccessAt,
      lastError: this.lastError,
      stoppedBy: this.stoppedBy,
      pages: this.pages.length,
      progress: this.progress,
      stix: {
        lastSuccessAt: this.stix.lastSuccessAt,
        lastError: this.stix.lastError,
        reports: this.stix.index?.reports ?? 0,
      },
    };
  }

  refresh(): Promise<void> {
    if (this.config.feedUrl === 'offline') return Promise.resolve();
    this.inflight ??= this.crawl().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** Starts a refresh when the schedule is overdue (a timer can be delayed). */
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

  /** Serves a snapshot (from disk or the shared cache) and keeps its pages for revalidation. */
  serveSnapshot(snapshot: Snapshot, source: DataSource): void {
    this.pages = toPageRecords(snapshot);
    this.stix.sha1 = snapshot.stix.sha1;
    const { briefs, skipped } = assembleEntries(this.pages.map((p) => p.entries));
    this.served.serve({
      source,
      bundledReason: null,
      fetchedAt: snapshot.fetchedAt,
      briefs,
      skipped,
      index: buildBriefIndex(briefs),
    });
  }

  /** Serves the shared latest snapshot when it is newer than what is served here. */
  async adoptShared(version: string | null): Promise<boolean> {
    const latest = await this.shared?.readNewer(version);
    if (!latest || !this.shared) return false;
    this.serveSnapshot(latest.snapshot, 'upstream');
    this.shared.version = latest.version;
    return true;
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
      if (this.shared) {
        const acquired = await this.shared.acquireLease();
        // Another instance is refreshing: its result arrives through onVersionChange.
        if (acquired === 'busy') return;
        lease = acquired;
        if (lease) {
          // Another instance may have published while this one waited for its turn: adopt, don't repeat.
          const version = await this.shared.readVersion();
          if (version !== null && version !== this.shared.version) await this.adoptShared(version);
          if (this.shared.version !== null && this.isFresh()) return;
        }
      }
      const stixChanged = await this.refreshStix();
      // New technique names, tactics or STIX matches mean every item must be normalised again.
      const renormalize = stixChanged || this.catalogChanged;
      this.catalogChanged = false;
      if (renormalize) this.memo = new Map();
      const catalog = getTechniqueCatalog();
      const stixTechniques = this.stix.index?.lookup;
      const memo = new EntryMemo(
        (raw) => toEntry(raw, { catalog, stixTechniques }),
        this.stix.index,
        this.memo,
      );
      const result = await crawlFeed(this.config.feedUrl, {
        timeoutMs: this.config.timeoutMs,
        maxBytes: this.config.maxBytes,
        maxPages: this.config.maxPages,
        budgets: {
          maxTotalBytes: this.config.crawlMaxBytes,
          maxItems: this.config.crawlMaxItems,
          maxMs: this.config.crawlMaxMs,
        },
        previous: renormalize ? new Map() : new Map(this.pages.map((p) => [p.url, p])),
        toEntries: memo.toEntries,
        onPage: (pagesDone, itemsSoFar) => {
          this.progress = { startedAt, pagesDone, itemsSoFar };
          void lease?.extend().catch(() => undefined);
        },
      });
      const fetchedAt = new Date().toISOString();
      const current = this.served.current;
      const unchanged =
        !renormalize &&
        current.source !== 'bundled' &&
        result.notModified === result.pages.length &&
        result.pages.length === this.pages.length;
      this.pages = result.pages;
      this.memo = memo.entries;
      this.lastSuccessAt = fetchedAt;
      this.lastError = null;
      this.stoppedBy = null;
      if (unchanged) {
        // Every page answered 304: the served index stays; only its age is renewed.
        this.served.serve({ ...current, source: 'upstream', fetchedAt });
        if (!lease) return;
        // The other instances serve this same data: tell them its new age instead of shipping it
        // again (each would parse and index the whole snapshot). No shared version yet: publish.
        const version = this.shared?.version;
        const renewed = version && (await lease.renew(version, fetchedAt).catch(() => false));
        if (renewed) return;
      } else {
        const { briefs, skipped } = assembleEntries(result.pages.map((p) => p.entries));
        const index = buildBriefIndex(briefs);
        this.served.serve({
          source: 'upstream',
          bundledReason: null,
          fetchedAt,
          briefs,
          skipped,
          index,
        });
        // What is served is no longer the shared snapshot until it is published (never renew it).
        if (this.shared) this.shared.version = null;
      }
      const snapshot = toSnapshot({
        feedUrl: this.config.feedUrl,
        fetchedAt,
        pages: this.pages,
        briefs: this.served.current.briefs,
        // The STIX bundle itself is not kept: after a restart it is read again to rebuild its index.
        stix: {
          fetchedAt: this.stix.lastSuccessAt,
          reports: this.stix.index?.reports ?? 0,
          sha1: this.stix.sha1,
        },
      });
      await this.saveSnapshot(snapshot);
      if (lease && this.shared && (await lease.publish(snapshot).catch(() => false))) {
        this.shared.version = String(lease.token);
      }
    } catch (err) {
      this.lastError = describeError(err);
      this.stoppedBy = err instanceof CrawlBudgetError ? err.budget : null;
      if (this.stoppedBy) console.error(redactUrlsIn(this.lastError));
    } finally {
      this.progress = false;
      if (lease) await this.shared?.releaseLease(lease);
    }
  }

  /** The served data is younger than most of a refresh period (another instance just refreshed it). */
  private isFresh(): boolean {
    const { fetchedAt } = this.served.current;
    const age = Date.now() - (fetchedAt ? Date.parse(fetchedAt) : 0);
    return age < 0.9 * this.config.refreshSeconds * 1000;
  }

  /** The instance that published the served version found it unchanged upstream at `fetchedAt`. */
  private renewShared(version: string, fetchedAt: string): void {
    const current = this.served.current;
    if (version !== this.shared?.version || (current.fetchedAt ?? '') >= fetchedAt) return;
    this.served.serve({ ...current, fetchedAt });
    this.lastSuccessAt = fetchedAt;
  }

  /** A failing STIX fetch never blocks the briefs: the last good bundle (or none) is kept. */
  private async refreshStix(): Promise<boolean> {
    if (this.config.stixUrl === 'off') return false;
    try {
      const result = await fetchUpstreamJson(this.config.stixUrl, {
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

  private async saveSnapshot(snapshot: Snapshot): Promise<void> {
    try {
      await writeSnapshot(this.config.cacheDir, snapshot);
    } catch (err) {
      console.error(
        `Could not save the feed snapshot to ${this.config.cacheDir}: ${redactUrlsIn(describeError(err))}`,
      );
    }
  }
}
