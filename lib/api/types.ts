import 'server-only';
import type { BriefQueryResult } from '@/lib/briefs/filter/types';
import type { BriefBody, IndexedBrief } from '@/lib/briefs/types';
import type { SourceBlock } from '@/lib/serving/status';

// The JSON API's response shapes (README, "JSON API"): what /api/* answers and pages hydrate.
// The status shapes (FeedStatus, SourceBlock) are the serving layer's: lib/serving/status.ts.

export interface BriefListResponse extends BriefQueryResult {
  source: SourceBlock;
}

/** A brief as the API and pages send it: everything but the plain-text copy kept for search. */
export type BriefDetail = IndexedBrief & BriefBody;
