import 'server-only';
import type { BriefQueryResult } from '@/lib/briefs/filter/types';
import type { SourceBlock } from '@/lib/serving/status';

// The JSON API's response shapes (README, "JSON API"): what /api/* answers and pages hydrate.
// The status shapes (FeedStatus, SourceBlock) are the serving layer's (lib/serving/status.ts);
// a brief's shape is the model's (BriefDetail, lib/briefs/types.ts).

export interface BriefListResponse extends BriefQueryResult {
  source: SourceBlock;
}
