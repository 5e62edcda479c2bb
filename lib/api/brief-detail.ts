import type { BriefDetail } from '@/lib/api/types';
import type { Brief } from '@/lib/briefs/types';

export function toBriefDetail(brief: Brief): BriefDetail {
  const { text, ...detail } = brief;
  return detail;
}
