import 'server-only';
import type { CrawlBudget } from '@/lib/feed/errors';
import type { HtmlPoolStatus } from '@/lib/feed/ingest/html-renderer';
import type { CoordinatorStatus } from './shared/coordinator';
import type { DataSource } from './served-data';
import type { BriefStoreStatus } from './store-integrity';
import type { SignalsStatus } from '@/lib/signals/types';

// What /api/status and the freshness block of every list answer say about the served data.

export interface CrawlProgress {
  startedAt: string;
  pagesDone: number;
  itemsSoFar: number;
}

export interface FeedStatus {
  ok: boolean; // the last refresh succeeded (or none was attempted yet and data is present)
  source: DataSource;
  /** Why the bundled demo snapshot is shown, in words for the UI; null unless source is 'bundled'. */
  bundledReason: string | null;
  fetchedAt: string | null; // when the served data was fetched from the upstream
  stale: boolean; // the served data is older than two refresh intervals or the last refresh failed
  briefs: number;
  /** Items not served, by reason, with the slugs or ids (truncated) of the first few. */
  skipped: { reason: string; count: number; names?: string[] }[];
  /** Briefs shown under a fallback title because the feed gave none. */
  untitled: { count: number; slugs: string[] };
  /** Briefs with a date outside the accepted years (lib/briefs/date-range.ts), treated as missing. */
  datesOutOfRange: { count: number; slugs: string[] };
  /** Briefs sharing an upstream URL: all served, their export ids made from their slugs. */
  sharedUrls: { count: number; slugs: string[] };
  /** The disk store (CACHE_DIR): why it was moved aside or rebuilt, and records refused on read. */
  briefStore: BriefStoreStatus | null;
  /** The byte-bounded cache of whole-view exports (STIX bundles, TAXII objects): held and bound. */
  exportCache: { bytes: number; entries: number; maxBytes: number };
  /** Every URL here is redacted (lib/feed/redact.ts): no credentials, no query string. */
  upstream: {
    url: string;
    lastAttemptAt: string | null;
    lastSuccessAt: string | null;
    lastError: string | null;
    /** The whole-crawl cap that stopped the last crawl (pages, bytes, items, time), or null. */
    stoppedBy: CrawlBudget | null;
    pages: number;
  };
  stix: { url: string; lastSuccessAt: string | null; lastError: string | null; reports: number };
  attackCatalog: {
    source: 'upstream' | 'disk' | 'bundled';
    partial: boolean;
    techniques: number;
    lastError: string | null;
  };
  /** CISA KEV and FIRST EPSS (lib/signals/): each upstream's source, date and last error. */
  signals: SignalsStatus;
  refreshing: false | CrawlProgress;
  /** Feed items this process has normalised (parsed and sanitised); a restart from the store adds none. */
  normalizedItems: number;
  /** The text index of the served briefs is built: a search is answered at once, not after it. */
  searchReady: boolean;
  /** Where bodies are parsed and sanitised: the HTML worker pool (its counts) or the serving thread (why). */
  htmlPool: HtmlPoolStatus;
  /** Only with REDIS_URL: the shared cache's state. */
  redis: (CoordinatorStatus & { holdingLease: boolean }) | null;
}

/** The freshness block carried by every list response. */
export type SourceBlock = Pick<
  FeedStatus,
  'ok' | 'source' | 'bundledReason' | 'fetchedAt' | 'stale' | 'refreshing'
>;
