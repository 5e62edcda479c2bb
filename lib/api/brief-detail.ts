import 'server-only';
import type { BriefDetail } from '@/lib/briefs/types';

export function toBriefDetail(brief: BriefDetail & { text?: string }): BriefDetail {
  const { text, ...detail } = brief;
  return detail;
}

/** What /api/briefs/{slug} sends: no lookup hashes (internal to the search index). */
export function toBriefApiDetail(brief: BriefDetail & { text?: string }) {
  const { iocHashes: _hashes, ...detail } = toBriefDetail(brief);
  return detail;
}
