import 'server-only';
import { toIndexedBrief, type IndexedBrief } from '@/lib/briefs/types';
import type { AppConfig } from '@/lib/config';
import { getTechniqueCatalog, refreshCatalogIfDue } from '@/lib/feed/attack-catalog';
import { crawlPages } from '@/lib/feed/crawl';
import { CrawlBudgetError, describeError, type CrawlBudget } from '@/lib/feed/errors';
import { normalizeEntryRendered } from '@/lib/feed/ingest/entries';
import { contentRendererFor } from '@/lib/feed/ingest/html-renderer';
import { redactUrlsIn } from '@/lib/feed/redact';
import { StixBundle } from '@/lib/feed/stix-bundle';
import type { BriefStore } from './brief-store';
import type { StoreState } from './store-state';
import { PageIngest, type Normalize } from './page-ingest';
import type { DataSource, ServedData } from './served-data';
import type { RefreshLease, SharedSnapshot } from './shared/coordinator';
import type { SharedFeed } from './shared/shared-feed';
import { toSharedSnapshot, type SharedSnapshotSource } from './shared/shared-snapshot';
import type { CrawlProgress } from './status';
import { toServedData, type StoredEntry } from './stored-entries';
import { toPageRecords, toStoredPages, type PageRecord } from './stored-pages';
import { ValueInterner } from './value-interner';
import { briefKeysOf, recordBriefChanges } from './brief-history';
import { adoptSharedHistory } from './shared/shared-history';
import { CrawlReport, CrawlStoppedError, type CrawlOutcome } from '@/lib/ops/crawl-report';
import { recordAdoption, recordPublish, timeTextIndex } from '@/lib/ops/feed-metrics';
import { moduleLog } from '@/lib/ops/log';

/** Where a refresh puts what it fetched: the store that serves it. */
export interface ServedHolder {
  readonly current: ServedData;
  serve(data: ServedData): void;
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
 * Over 300 lines because it is one state machine (the crawl under way, its lease, the memo, the
 * partial serving of a first start, the adoption of a shared version under way) over one set of
 * fields; the STIX bundle, stored entries, snapshots and the shared parts' format are apart.
 */
export class FeedRefresh {
  private pages: PageRecord[] = [];
  private memo = new Map<string, StoredEntry>();
  private readonly stix = new StixBundle();
  private inflight: Promise<void> | null = null;
  private progress: CrawlProgress | false = false;
  private lastAttemptAt: string | null = null;
  private lastSuccessAt: string | null = null;
  private lastError: string | null = null;
  private stoppedBy: CrawlBudget | null = null;
  private timer: NodeJS.Timeout | null = null;
  private catalogChanged = false;
  /** During a first crawl that serves its pages as they come: what was served before it. */
  private beforePartial: ServedData | null = null;
  private adopting: Promise<boolean> | null = null;
  /** Aborted at shutdown: no new crawl starts, the one under way stops before its next page. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly config: AppConfig,
    private readonly served: ServedHolder,
    private readonly shared: SharedFeed | null,
    private readonly store: BriefStore,
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
        ...this.stix.status(),
      },
    };
  }

  refresh(): Promise<void> {
    if (this.config.feedUrl === 'offline') return Promise.resolve();
    if (this.stopping.signal.aborted) return this.inflight ?? Promise.resolve();
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

  /** Shutdown: stops the schedule and the crawl under way (between pages); resolves once it has. */
  async stop(): Promise<void> {
    this.stopSchedule();
    this.stopping.abort(new CrawlStoppedError());
    await Promise.all([this.inflight, this.adopting].map((p) => p?.catch(() => undefined)));
  }

  /** Serves the brief store's saved state (a restart): nothing is parsed or sanitised again. */
  serveStored(state: StoreState, listed: ReadonlyMap<string, IndexedBrief>): void {
    const interner = new ValueInterner();
    this.pages = toPageRecords(state.pages, (e: { key: string; slug: string }) => {
      const brief = listed.get(e.key);
      return brief ? { brief: interner.indexed(brief), key: e.key } : null;
    });
    this.stix.restore(state.stix.sha1);
    // Nothing but the bundled demo is served before: these are served at once, synchronously.
    void this.serveFromPages('disk', state.fetchedAt);
  }

  /**
   * Serves a shared version: its briefs go to the brief store a verified part at a time (only the
   * list fields stay on the heap), and nothing is served until every part has passed its checks.
   */
  async serveSnapshot(snapshot: SharedSnapshot, source: DataSource): Promise<void> {
    const { head } = snapshot;
    const keyOf = (e: { slug: string; key?: string }) =>
      e.key ?? `shared:${e.slug}:${head.fetchedAt}`;
    const keysBySlug = new Map<string, string[]>();
    for (const page of head.pages)
      for (const e of page.entries)
        if ('slug' in e) keysBySlug.set(e.slug, [...(keysBySlug.get(e.slug) ?? []), keyOf(e)]);
    const bySlug = new Map<string, IndexedBrief>();
    const interner = new ValueInterner();
    for await (const part of snapshot.parts()) {
      for (const shared of part) {
        // Each brief's version history travels beside it: checked, then kept by slug.
        const brief = adoptSharedHistory(this.store, shared);
        const listed = interner.indexed(toIndexedBrief(brief));
        bySlug.set(brief.slug, listed);
        for (const key of keysBySlug.get(brief.slug) ?? [])
          if (!this.store.has(key)) this.store.put(key, brief, listed);
      }
      await this.store.flush(); // one part's bodies in flight at a time
    }
    this.pages = toPageRecords(head.pages, (e: { slug: string; key?: string }) => {
      const brief = bySlug.get(e.slug);
      return brief ? { brief, key: keyOf(e) } : null;
    });
    this.stix.restore(head.stix.sha1);
    await this.serveFromPages(source, head.fetchedAt);
    await this.saveStore(head.fetchedAt);
  }

  /** Indexes this.pages' briefs and serves them; the memo is their keys. */
  private async serveFromPages(source: DataSource, fetchedAt: string): Promise<void> {
    this.memo = new Map(
      this.pages.flatMap((p) => p.entries.flatMap((e) => ('key' in e ? [[e.key, e]] : []))),
    );
    const data = toServedData(
      this.pages.map((p) => p.entries),
      this.store,
      source,
      fetchedAt,
    );
    // A whole feed is served already (a refresh): it goes on answering, searches too, until the
    // new index can search. Otherwise (a start) the briefs are served at once and a search waits
    // for the text index, built in steps that leave requests answered meanwhile.
    // (At a start from the store nothing at all is served yet.)
    const served = this.served.current as ServedData | undefined;
    const wholeFeedServed =
      served !== undefined && served.source !== 'bundled' && !this.beforePartial;
    if (wholeFeedServed) await timeTextIndex(data.index);
    this.served.serve(data);
    void timeTextIndex(data.index);
  }

  /**
   * A first crawl's pages so far (nothing real is served yet): served while the crawl goes on,
   * so the first page's briefs appear as soon as it is normalised. The status keeps the crawl's
   * progress; the crawl's end serves the whole feed.
   */
  private async servePartial(pages: StoredEntry[][], fetchedAt: string): Promise<void> {
    await this.store.flush();
    this.serveEntries(pages, 'upstream', fetchedAt);
  }

  private serveEntries(pages: StoredEntry[][], source: DataSource, fetchedAt: string): void {
    this.served.serve(toServedData(pages, this.store, source, fetchedAt));
  }

  /**
   * Serves the shared latest snapshot when it is newer than what is served here. Single flight:
   * the version news repeats every poll until a read ends, and each read streams the whole feed.
   */
  adoptShared(version: string | null): Promise<boolean> {
    this.adopting ??= this.adoptLatest(version).finally(() => {
      this.adopting = null;
    });
    return this.adopting;
  }

  private async adoptLatest(version: string | null): Promise<boolean> {
    const latest = await this.shared?.readNewer(version);
    if (!latest || !this.shared) return false;
    try {
      await this.serveSnapshot(latest, 'upstream');
    } catch (err) {
      // Refused (the coordinator says why in status) or Redis failed: keep serving what is here.
      recordAdoption('refused');
      moduleLog('refresh').error(
        `Did not adopt the shared version ${latest.version}: ${describeError(err)}`,
      );
      return false;
    }
    recordAdoption('adopted');
    this.shared.version = latest.version;
    return true;
  }

  private async crawl(): Promise<void> {
    // The ATT&CK catalog (45 MB, daily) loads beside the crawl so it never delays the briefs.
    const catalogUpdate = refreshCatalogIfDue(this.config);
    await this.crawlAndServe();
    if (await catalogUpdate) {
      this.catalogChanged = true;
      // After this refresh has released the single-flight slot.
      setTimeout(() => void this.refresh(), 0);
    }
  }

  private async crawlAndServe(): Promise<void> {
    const startedAt = new Date().toISOString();
    this.lastAttemptAt = startedAt;
    this.progress = { startedAt, pagesDone: 0, itemsSoFar: 0 };
    let lease: RefreshLease | null = null;
    const report = new CrawlReport();
    let outcome: CrawlOutcome = 'deferred';
    let failure: unknown;
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
      const stixChanged = await this.stix.refresh(this.config);
      // New technique names, tactics or STIX matches mean every item must be normalised again.
      const renormalize = stixChanged || this.catalogChanged;
      this.catalogChanged = false;
      if (renormalize) this.memo = new Map();
      const ingest = new PageIngest({
        store: this.store,
        normalize: this.normalizer(),
        stix: this.stix.index,
        reuseStored: !renormalize,
        interner: new ValueInterner(),
        previous: this.memo,
      });
      // A first start serves each page's briefs as they come (servePartial): re-indexed when the
      // count has doubled, so the partial indexes cost about one more index of the whole feed.
      const firstStart = this.served.current.source === 'bundled';
      if (firstStart) this.beforePartial = this.served.current;
      const previous = new Map(renormalize ? [] : this.pages.map((p) => [p.url, p]));
      const pages: PageRecord[] = [];
      let itemsSoFar = 0;
      let notModified = 0;
      let partialCount = 0;
      let serving: Promise<void> | null = null;
      const servedBefore = this.pages;
      try {
        for await (const page of crawlPages(this.config.feedUrl, {
          timeoutMs: this.config.timeoutMs,
          maxBytes: this.config.maxBytes,
          maxPages: this.config.maxPages,
          budgets: {
            maxTotalBytes: this.config.crawlMaxBytes,
            maxItems: this.config.crawlMaxItems,
            maxMs: this.config.crawlMaxMs,
          },
          previous,
          signal: this.stopping.signal,
        })) {
          let record: PageRecord;
          if (page.kind === 'not-modified') {
            record = previous.get(page.url)!;
            notModified++;
          } else {
            const { url, validators, nextUrl, items } = page;
            record = { url, validators, nextUrl, entries: await ingest.ingest(items) };
          }
          pages.push(record);
          itemsSoFar += record.entries.length;
          this.progress = { startedAt, pagesDone: pages.length, itemsSoFar };
          report.page(pages.length, itemsSoFar);
          this.stopping.signal.throwIfAborted(); // a shutdown: stop between pages
          void lease?.extend().catch(() => undefined);
          if (firstStart && !serving && itemsSoFar >= Math.max(1, 2 * partialCount)) {
            partialCount = itemsSoFar;
            serving = this.servePartial(
              pages.map((p) => p.entries),
              startedAt,
            ).finally(() => {
              serving = null;
            });
          }
        }
      } finally {
        await serving;
      }
      const fetchedAt = new Date().toISOString();
      const current = this.served.current;
      const unchanged =
        !renormalize &&
        current.source !== 'bundled' &&
        notModified === pages.length &&
        pages.length === this.pages.length;
      outcome = unchanged ? 'unchanged' : 'ok';
      this.pages = pages;
      this.memo = ingest.entries;
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
        // Bodies put by this crawl are committed before the text index reads them back.
        await this.store.flush();
        // Before the save that drops the replaced versions' records.
        await recordBriefChanges(
          this.store,
          briefKeysOf(servedBefore),
          briefKeysOf(pages),
          fetchedAt,
        );
        await this.serveFromPages('upstream', fetchedAt);
        this.beforePartial = null; // the whole feed is served: nothing to go back to
        // What is served is no longer the shared snapshot until it is published (never renew it).
        if (this.shared) this.shared.version = null;
      }
      await this.saveStore(fetchedAt);
      const snapshot = lease && this.shared ? this.toSharedSnapshot(fetchedAt) : null;
      if (snapshot && lease && this.shared && (await recordPublish(lease.publish(snapshot)))) {
        this.shared.version = String(lease.token);
      }
    } catch (err) {
      this.lastError = describeError(err);
      this.stoppedBy = err instanceof CrawlBudgetError ? err.budget : null;
      failure = err;
      outcome = this.stopping.signal.aborted ? 'stopped' : this.stoppedBy ? 'budget' : 'failed';
      // A crawl that failed serves none of its pages: back to what was served before it.
      if (this.beforePartial) this.served.serve(this.beforePartial);
    } finally {
      this.beforePartial = null;
      this.progress = false;
      if (lease) await this.shared?.releaseLease(lease);
      const { skipped, briefs } = this.served.current;
      report.end({
        outcome,
        error: failure,
        stoppedBy: this.stoppedBy,
        skipped,
        briefs: briefs.length,
      });
    }
  }

  /** How new items are normalised: long bodies in the HTML worker pool when it runs (html-renderer.ts). */
  private normalizer(): Normalize {
    const ctx = {
      catalog: getTechniqueCatalog(),
      stixTechniques: this.stix.index?.lookup,
      stixExtras: this.stix.index?.extras,
    };
    const render = contentRendererFor(this.config);
    return (raw) => normalizeEntryRendered(raw, ctx, render);
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

  /** The whole feed for another instance: bodies read back from the store (Redis only). */
  private toSharedSnapshot(fetchedAt: string): SharedSnapshotSource {
    return toSharedSnapshot({
      feedUrl: this.config.feedUrl,
      fetchedAt,
      pages: this.pages,
      briefs: this.served.current.briefs,
      store: this.store,
      stix: this.stix.record(),
    });
  }

  private async saveStore(fetchedAt: string): Promise<void> {
    try {
      await this.store.save({
        feedUrl: this.config.feedUrl,
        fetchedAt,
        pages: toStoredPages(this.pages),
        stix: this.stix.record(),
      });
    } catch (err) {
      moduleLog('refresh').error(
        `Could not save the brief store in ${this.config.cacheDir}: ${redactUrlsIn(describeError(err))}`,
      );
    }
  }
}
