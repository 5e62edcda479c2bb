import type { Brief } from '@/lib/briefs/types';

/** A brief as the API and pages send it: everything but the plain-text copy kept for search. */
export type BriefDetail = Omit<Brief, 'text'>;

export function toBriefDetail(brief: Brief): BriefDetail {
  const { text, ...detail } = brief;
  return detail;
}
