import type { WeekBucket } from '@/lib/briefs/trends';
import { toWeekStart } from '@/lib/briefs/trends';
import type { IndexedBrief } from '@/lib/briefs/types';
import { briefSignalsOf } from './brief-signals';
import type { CveSignals } from './types';

// /trends: per week of the severity chart, how many of its briefs name a CVE in CISA's KEV
// catalog. Derived at render time from the signals, like every other KEV view.

export interface KevWeek {
  week: string;
  start: string;
  /** Briefs of the week on a KEV-listed CVE. */
  kev: number;
  /** Briefs of the week. */
  total: number;
}

export function kevBriefsPerWeek(
  briefs: readonly IndexedBrief[],
  weeks: readonly WeekBucket[],
  signals: CveSignals,
): KevWeek[] {
  const byStart = new Map(weeks.map((w) => [w.start, 0]));
  for (const brief of briefs) {
    const time = Date.parse(brief.date);
    if (!Number.isFinite(time)) continue;
    const start = new Date(toWeekStart(time)).toISOString().slice(0, 10);
    if (!byStart.has(start)) continue;
    const ids = brief.cves.map((cve) => cve.id);
    if (briefSignalsOf(ids, signals).kev) byStart.set(start, byStart.get(start)! + 1);
  }
  return weeks.map((w) => ({
    week: w.week,
    start: w.start,
    kev: byStart.get(w.start)!,
    total: w.total,
  }));
}
