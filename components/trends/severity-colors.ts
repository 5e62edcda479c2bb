import { SEVERITY_LABEL } from '@/lib/briefs/filter/chips';
import type { SeverityKey } from '@/lib/briefs/trends';

// Mid-tone fills that read on both the light and the dark surface; the same hues as the
// severity badges. Labels match the badges'.
export const SEVERITY_FILL: Record<SeverityKey, string> = {
  critical: '#dc2626',
  high: '#f97316',
  medium: '#eab308',
  low: '#0ea5e9',
  informational: '#94a3b8',
  rumour: '#d946ef',
  unrated: '#78716c',
};

export const SEVERITY_KEY_LABEL: Record<SeverityKey, string> = {
  ...SEVERITY_LABEL,
  unrated: 'No severity',
};
