import type { BriefFilter, FacetName } from '@/lib/briefs/filter/types';
import { toLowerKey } from '@/lib/briefs/filter/facet-keys';
import { toListHref, withFacetValue } from '@/lib/briefs/filter/edit';
import type { IndexedBrief } from '@/lib/briefs/types';

// "What is rising": per dimension, the values whose brief count in the last 7 (or 30) days rose
// most against the periods before. Windows are whole UTC days ending today, so a value's link
// (`from=` the window's first day) lists exactly the briefs counted.

export const RISING_FACETS = ['vendor', 'product', 'actor', 'tag', 'technique'] as const;
export type RisingFacet = (typeof RISING_FACETS)[number];

export const RISING_WINDOWS = [
  { days: 7, periodsBefore: 4 },
  { days: 30, periodsBefore: 3 },
] as const;

export const SPARK_WEEKS = 12;
export const RISING_TOP = 5;
/** A value needs at least this many briefs in the window to count as rising. */
export const RISING_MIN_RECENT = 2;

const DAY_MS = 86_400_000;

const VALUES: Record<RisingFacet, (brief: IndexedBrief) => readonly string[]> = {
  vendor: (b) => b.vendors,
  product: (b) => b.products,
  actor: (b) => b.actors,
  tag: (b) => b.tags,
  technique: (b) => b.techniques.map((t) => t.id),
};

export interface RisingValue {
  value: string;
  /** Briefs in the window. */
  recent: number;
  /** Average briefs per window-length period before it. */
  before: number;
  /** recent - before. */
  change: number;
  /** Briefs per week over the last SPARK_WEEKS weeks, oldest first. */
  weekly: number[];
  /** The list filtered by the value and the window. */
  href: string;
}

export interface RisingWindow {
  days: number;
  periodsBefore: number;
  /** First day of the window (YYYY-MM-DD, UTC). */
  from: string;
  /** Last day (today). */
  to: string;
  facets: Record<RisingFacet, RisingValue[]>;
}

export interface Rising {
  windows: RisingWindow[];
  /** First day of each sparkline week, oldest first. */
  weekStarts: string[];
}

const toDay = (dayIndex: number) => new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);

interface Tally {
  value: string;
  /** Briefs per day offset before today: 0 = today. */
  days: Map<number, number>;
}

/** Counts per value per day-before-today, over the last `horizon` days. */
function tallyFacet(
  briefs: readonly IndexedBrief[],
  facet: RisingFacet,
  today: number,
  horizon: number,
) {
  const tallies = new Map<string, Tally>();
  for (const brief of briefs) {
    const time = Date.parse(brief.date);
    if (Number.isNaN(time)) continue;
    const ago = today - Math.floor(time / DAY_MS);
    if (ago < 0 || ago >= horizon) continue;
    const seen = new Set<string>();
    for (const raw of VALUES[facet](brief)) {
      const value = raw.trim();
      const key = toLowerKey(value);
      if (!value || seen.has(key)) continue;
      seen.add(key);
      let tally = tallies.get(key);
      if (!tally) tallies.set(key, (tally = { value, days: new Map() }));
      tally.days.set(ago, (tally.days.get(ago) ?? 0) + 1);
    }
  }
  return tallies;
}

function sumDays(days: Map<number, number>, from: number, to: number): number {
  let sum = 0;
  for (const [ago, count] of days) if (ago >= from && ago < to) sum += count;
  return sum;
}

/** Rising values of `briefs` (a filtered view) as of `now`; links keep the view's filter. */
export function buildRising(
  briefs: readonly IndexedBrief[],
  filter: BriefFilter,
  now: number,
): Rising {
  const today = Math.floor(now / DAY_MS);
  const horizon = Math.max(
    SPARK_WEEKS * 7,
    ...RISING_WINDOWS.map((w) => w.days * (1 + w.periodsBefore)),
  );
  const tallies = Object.fromEntries(
    RISING_FACETS.map((facet) => [facet, tallyFacet(briefs, facet, today, horizon)]),
  ) as Record<RisingFacet, Map<string, Tally>>;

  const windows = RISING_WINDOWS.map(({ days, periodsBefore }) => {
    const from = toDay(today - days + 1);
    const facets = {} as Record<RisingFacet, RisingValue[]>;
    for (const facet of RISING_FACETS) {
      const values: RisingValue[] = [];
      for (const tally of tallies[facet].values()) {
        const recent = sumDays(tally.days, 0, days);
        if (recent < RISING_MIN_RECENT) continue;
        const before = sumDays(tally.days, days, days * (1 + periodsBefore)) / periodsBefore;
        if (recent <= before) continue;
        const weekly = Array.from({ length: SPARK_WEEKS }, (_, i) => {
          const weeksAgo = SPARK_WEEKS - 1 - i;
          return sumDays(tally.days, weeksAgo * 7, weeksAgo * 7 + 7);
        });
        const narrowed = withFacetValue(filter, facet as FacetName, tally.value);
        const href = toListHref(narrowed, {
          from: filter.from && filter.from > from ? filter.from : from,
        });
        values.push({ value: tally.value, recent, before, change: recent - before, weekly, href });
      }
      values.sort(
        (a, b) =>
          b.change - a.change ||
          b.recent - a.recent ||
          (toLowerKey(a.value) < toLowerKey(b.value) ? -1 : 1),
      );
      facets[facet] = values.slice(0, RISING_TOP);
    }
    return { days, periodsBefore, from, to: toDay(today), facets };
  });

  const weekStarts = Array.from({ length: SPARK_WEEKS }, (_, i) =>
    toDay(today - (SPARK_WEEKS - 1 - i) * 7 - 6),
  );
  return { windows, weekStarts };
}
