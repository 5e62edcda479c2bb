import { toLowerKey } from '@/lib/briefs/filter/facet-keys';
import type { BriefFilter, FacetCount, FacetCounts } from '@/lib/briefs/filter/types';
import { SEVERITIES, UNKNOWN_DATE, type IndexedBrief, type Severity } from '@/lib/briefs/types';

// Trends of a filtered view: briefs per ISO week (Monday to Sunday, UTC) stacked by severity,
// and the most frequent vendors, products, actors, tags and techniques.
// The weeks run without gaps from the first week with a brief (or the week of `from`) to the last
// week with a brief, at most MAX_WEEKS of them: older briefs are counted apart, never hidden.

export const MAX_WEEKS = 52;
export const TOP_N = 10;

export const SEVERITY_KEYS = [...SEVERITIES, 'unrated'] as const;
export type SeverityKey = Severity | 'unrated';

export const TOP_FACETS = ['vendor', 'product', 'actor', 'tag', 'technique'] as const;
export type TopFacet = (typeof TOP_FACETS)[number];

export interface WeekBucket {
  /** ISO week, `2024-W05`. */
  week: string;
  /** Its Monday, `2024-01-29`. */
  start: string;
  counts: Record<SeverityKey, number>;
  total: number;
}

export interface Trends {
  weeks: WeekBucket[];
  /** Briefs in the view. */
  briefCount: number;
  /** Briefs counted in `weeks`. */
  inWeeks: number;
  /** Briefs older than the first week shown. */
  beforeWeeks: number;
  /** Briefs whose date does not parse. */
  undated: number;
  /** Briefs per severity over the weeks shown. */
  severityTotals: Record<SeverityKey, number>;
  top: Record<TopFacet, FacetCount[]>;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Midnight UTC of the Monday of the ISO week holding `time`. */
export function toWeekStart(time: number): number {
  const day = Math.floor(time / DAY_MS) * DAY_MS;
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0
  return day - weekday * DAY_MS;
}

/** `2024-W05` for the week starting on that Monday (the ISO year is the year of its Thursday). */
export function toIsoWeek(monday: number): string {
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursday = toWeekStart(Date.UTC(year, 0, 4)) + 3 * DAY_MS;
  const week = 1 + Math.round((thursday.getTime() - firstThursday) / WEEK_MS);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const toDay = (time: number) => new Date(time).toISOString().slice(0, 10);

const emptyCounts = (): Record<SeverityKey, number> =>
  Object.fromEntries(SEVERITY_KEYS.map((key) => [key, 0])) as Record<SeverityKey, number>;

export function toWeeklySeries(
  briefs: readonly IndexedBrief[],
  opts: { from?: string | null; maxWeeks?: number } = {},
): Pick<Trends, 'weeks' | 'inWeeks' | 'beforeWeeks' | 'undated' | 'severityTotals'> {
  const maxWeeks = opts.maxWeeks ?? MAX_WEEKS;
  const dated: { monday: number; severity: SeverityKey }[] = [];
  let undated = 0;
  for (const brief of briefs) {
    // Normalisation gives a brief without a readable date UNKNOWN_DATE (which parses) so it sorts last.
    const time = brief.date === UNKNOWN_DATE ? NaN : Date.parse(brief.date);
    if (Number.isNaN(time)) undated++;
    else dated.push({ monday: toWeekStart(time), severity: brief.severity ?? 'unrated' });
  }
  const severityTotals = emptyCounts();
  if (dated.length === 0) return { weeks: [], inWeeks: 0, beforeWeeks: 0, undated, severityTotals };

  let first = Infinity;
  let last = -Infinity;
  for (const { monday } of dated) {
    first = Math.min(first, monday);
    last = Math.max(last, monday);
  }
  if (opts.from) first = Math.min(first, toWeekStart(Date.parse(`${opts.from}T00:00:00Z`)));
  first = Math.max(first, last - (maxWeeks - 1) * WEEK_MS);

  const weeks: WeekBucket[] = [];
  for (let monday = first; monday <= last; monday += WEEK_MS) {
    weeks.push({ week: toIsoWeek(monday), start: toDay(monday), counts: emptyCounts(), total: 0 });
  }
  let inWeeks = 0;
  let beforeWeeks = 0;
  for (const { monday, severity } of dated) {
    if (monday < first) {
      beforeWeeks++;
      continue;
    }
    const bucket = weeks[Math.round((monday - first) / WEEK_MS)]!;
    bucket.counts[severity]++;
    bucket.total++;
    severityTotals[severity]++;
    inWeeks++;
  }
  return { weeks, inWeeks, beforeWeeks, undated, severityTotals };
}

const FACET_VALUES: Record<TopFacet, (brief: IndexedBrief) => readonly string[]> = {
  vendor: (brief) => brief.vendors,
  product: (brief) => brief.products,
  actor: (brief) => brief.actors,
  tag: (brief) => brief.tags,
  technique: (brief) => brief.techniques.map((t) => t.id),
};

/** Count desc, then value (case-insensitive); spellings that lower-case alike are one value. */
export function countValues(briefs: readonly IndexedBrief[], facet: TopFacet): FacetCount[] {
  const byKey = new Map<string, { count: number; spellings: Map<string, number> }>();
  for (const brief of briefs) {
    const seen = new Set<string>();
    for (const raw of FACET_VALUES[facet](brief)) {
      const value = raw.trim();
      const key = toLowerKey(value);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      const entry = byKey.get(key) ?? { count: 0, spellings: new Map() };
      entry.count++;
      entry.spellings.set(value, (entry.spellings.get(value) ?? 0) + 1);
      byKey.set(key, entry);
    }
  }
  return [...byKey]
    .map(([key, { count, spellings }]) => {
      let value = '';
      let best = 0;
      for (const [spelling, n] of spellings) if (n > best) [value, best] = [spelling, n];
      return { key, value, count };
    })
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ value, count }) => ({ value, count }));
}

/**
 * The trends of the briefs a filter selected. `facets` are the list's counts for that filter:
 * for a facet the filter does not constrain they are exactly the counts over the view, so they are
 * used as they are; a constrained facet's list counts are disjunctive (they also count briefs
 * outside the view), so it is counted over the view's briefs instead.
 */
export function buildTrends(
  briefs: readonly IndexedBrief[],
  facets: FacetCounts,
  filter: BriefFilter,
  opts: { maxWeeks?: number; topN?: number } = {},
): Trends {
  const topN = opts.topN ?? TOP_N;
  const top = Object.fromEntries(
    TOP_FACETS.map((facet) => {
      const counts =
        filter[facet].length === 0
          ? facets[facet].filter((c) => c.count > 0)
          : countValues(briefs, facet);
      return [facet, counts.slice(0, topN)];
    }),
  ) as Record<TopFacet, FacetCount[]>;
  return {
    ...toWeeklySeries(briefs, { from: filter.from, maxWeeks: opts.maxWeeks }),
    briefCount: briefs.length,
    top,
  };
}
