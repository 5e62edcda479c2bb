import type { BriefQueryResult } from '@/lib/briefs/filter/types';
import type { CoordinatorStatus } from './shared-refresh/coordinator';

export type DataSource = 'upstream' | 'disk' | 'bundled';

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
  skipped: { reason: string; count: number }[];
  upstream: {
    url: string;
    lastAttemptAt: string | null;
    lastSuccessAt: string | null;
    lastError: string | null;
    pages: number;
  };
  stix: { url: string; lastSuccessAt: string | null; lastError: string | null; reports: number };
  attackCatalog: {
    source: 'upstream' | 'disk' | 'bundled';
    partial: boolean;
    techniques: number;
    lastError: string | null;
  };
  refreshing: false | CrawlProgress;
  /** Feed items this process has normalised (parsed and sanitised); a restart from the store adds none. */
  normalizedItems: number;
  /** Only with REDIS_URL: the shared cache's state. */
  redis: (CoordinatorStatus & { holdingLease: boolean }) | null;
}

/** The freshness block carried by every list response. */
export type SourceBlock = Pick<
  FeedStatus,
  'ok' | 'source' | 'bundledReason' | 'fetchedAt' | 'stale' | 'refreshing'
>;

export interface BriefListResponse extends BriefQueryResult {
  source: SourceBlock;
}
