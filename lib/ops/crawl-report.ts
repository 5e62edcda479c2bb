import 'server-only';
import type { CrawlBudget } from '@/lib/feed/errors';
import { moduleLog } from './log';
import { errorKind, metrics } from './metrics';

// What one crawl did, for the metrics and for the log's one summary line per crawl (pages, items,
// skipped by reason, duration, what stopped it). lib/feed/refresh.ts starts one per crawl.

/**
 * ok: new data served; unchanged: every page answered 304; deferred: another instance refreshed
 * (its result is adopted); failed: an upstream fault; budget: a cap stopped it; stopped: the
 * server is shutting down.
 */
export type CrawlOutcome = 'ok' | 'unchanged' | 'deferred' | 'failed' | 'budget' | 'stopped';

export interface CrawlEnd {
  outcome: CrawlOutcome;
  error?: unknown;
  stoppedBy?: CrawlBudget | null;
  /** Items of the feed served after the crawl that could not become a brief, by reason. */
  skipped?: readonly { reason: string; count: number }[];
  briefs?: number;
}

export class CrawlReport {
  private readonly startedAt = performance.now();
  private pages = 0;
  private items = 0;

  /** A page was read (onPage's running totals). */
  page(pagesDone: number, itemsSoFar: number): void {
    const m = metrics();
    if (pagesDone > this.pages) m.pagesFetched.inc(pagesDone - this.pages);
    if (itemsSoFar > this.items) m.itemsFetched.inc(itemsSoFar - this.items);
    this.pages = pagesDone;
    this.items = itemsSoFar;
  }

  end(result: CrawlEnd): void {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const m = metrics();
    m.crawlRuns.inc({ outcome: result.outcome });
    m.crawlDuration.observe({ outcome: result.outcome }, seconds);
    if (result.outcome === 'failed' || result.outcome === 'budget')
      m.upstreamErrors.inc({ source: 'feed', kind: errorKind(result.error) });
    const skipped = Object.fromEntries((result.skipped ?? []).map((s) => [s.reason, s.count]));
    const summary = {
      event: 'crawl',
      outcome: result.outcome,
      pages: this.pages,
      items: this.items,
      briefs: result.briefs,
      skipped,
      durationMs: Math.round(seconds * 1000),
      stoppedBy: result.stoppedBy ?? null,
      error: result.error === undefined ? undefined : describe(result.error),
    };
    const failed = result.outcome === 'failed' || result.outcome === 'budget';
    moduleLog('crawl')[failed ? 'warn' : 'info'](summary, `Crawl ended: ${result.outcome}`);
  }
}

/** An upstream beside the feed (STIX, ATT&CK catalog) failed to be read. */
export function recordUpstreamError(source: string, err: unknown): void {
  metrics().upstreamErrors.inc({ source, kind: errorKind(err) });
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Thrown into a crawl by a shutdown: the crawl ends before its next page, nothing of it served. */
export class CrawlStoppedError extends Error {
  constructor() {
    super('The crawl was stopped: the server is shutting down');
    this.name = 'CrawlStoppedError';
  }
}
