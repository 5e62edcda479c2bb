import type { BriefBody, ListedBrief } from '@/lib/briefs/types';

/** A brief as the API and pages send it: everything but the plain-text copy kept for search. */
export type BriefDetail = ListedBrief & BriefBody;

export function toBriefDetail(brief: BriefDetail & { text?: string }): BriefDetail {
  const { text, ...detail } = brief;
  return detail;
}
