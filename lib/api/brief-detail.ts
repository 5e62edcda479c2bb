import 'server-only';
import type { BriefDetail } from '@/lib/briefs/types';

export function toBriefDetail(brief: BriefDetail & { text?: string }): BriefDetail {
  const { text, ...detail } = brief;
  return detail;
}
