import { kb, mb, ms, seconds } from '@/dev/load/stats';

// Issue 12's targets and the earlier ones still in force, and the verdict of a measurement
// against each: the one place that says what "holds" means.

export type Unit = 'ms' | 'bytes' | 'ratio' | 'count';
/** lt: measured < limit; le: <=; ge: >=; eq: ===. */
export type Comparison = 'lt' | 'le' | 'ge' | 'eq';

export interface Target {
  limit: number;
  unit: Unit;
  cmp: Comparison;
}

export type Verdict = 'holds' | 'missed' | 'not measured';

export const MB = 1024 * 1024;
export const KB = 1024;

export const TARGETS = {
  first100Ms: { limit: 2_000, unit: 'ms', cmp: 'lt' },
  allServed50kMs: { limit: 25_000, unit: 'ms', cmp: 'lt' },
  restart10kMs: { limit: 2_000, unit: 'ms', cmp: 'lt' },
  restartNormalized: { limit: 0, unit: 'count', cmp: 'eq' },
  apiUnfiltered: { limit: 64 * KB, unit: 'bytes', cmp: 'le' },
  listHtml: { limit: 150 * KB, unit: 'bytes', cmp: 'le' },
  queryP50: { limit: 10, unit: 'ms', cmp: 'lt' },
  queryP99: { limit: 40, unit: 'ms', cmp: 'lt' },
  rss10k: { limit: 300 * MB, unit: 'bytes', cmp: 'le' },
  rss50k: { limit: 450 * MB, unit: 'bytes', cmp: 'le' },
  /** Ingest linear: time per brief at 50k within 1.5x of 10k's. */
  ingestPerBriefRatio: { limit: 1.5, unit: 'ratio', cmp: 'le' },
  /** Memory close to flat: 50k's peak within the 450/300 MB the RSS targets allow over 10k's. */
  rssGrowthRatio: { limit: 1.5, unit: 'ratio', cmp: 'le' },
  pageTtfbP50: { limit: 60, unit: 'ms', cmp: 'lt' },
  firstLoadJs: { limit: 180 * KB, unit: 'bytes', cmp: 'lt' },
  lcpMs: { limit: 1_000, unit: 'ms', cmp: 'lt' },
  floorRatio: { limit: 0.8, unit: 'ratio', cmp: 'ge' },
} as const satisfies Record<string, Target>;

export function judge(target: Target, measured: number | null | undefined): Verdict {
  if (measured === null || measured === undefined || !Number.isFinite(measured))
    return 'not measured';
  const { limit, cmp } = target;
  const ok =
    cmp === 'lt'
      ? measured < limit
      : cmp === 'le'
        ? measured <= limit
        : cmp === 'ge'
          ? measured >= limit
          : measured === limit;
  return ok ? 'holds' : 'missed';
}

/** Both must hold; either not measured makes the whole not measured. */
export function judgeAll(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.length === 0 || verdicts.includes('not measured')) return 'not measured';
  return verdicts.includes('missed') ? 'missed' : 'holds';
}

export function formatValue(unit: Unit, value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'ms':
      return value >= 1_000 ? seconds(value) : ms(value, value < 100 ? 1 : 0);
    case 'bytes':
      return value >= 2 * MB ? mb(value) : kb(value);
    case 'ratio':
      return `${value.toFixed(2)}×`;
    case 'count':
      return String(Math.round(value));
  }
}

const SYMBOL: Record<Comparison, string> = { lt: '<', le: '<=', ge: '>=', eq: '=' };

export function formatTarget(target: Target): string {
  return `${SYMBOL[target.cmp]} ${formatValue(target.unit, target.limit)}`;
}

/** How far a miss is from its limit, e.g. "+22%"; '' when it holds or the limit is 0. */
export function overBy(target: Target, measured: number): string {
  if (judge(target, measured) !== 'missed' || target.limit === 0) return '';
  const pct = ((measured - target.limit) / target.limit) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(0)}%`;
}

export interface Check {
  /** What is measured, with the size it is measured at. */
  name: string;
  measured: string;
  target: string;
  verdict: Verdict;
  /** Kept for the miss list: which profile explains it. */
  area: 'ingest' | 'memory' | 'restart' | 'size' | 'query' | 'floor' | 'page' | 'client' | 'growth';
}

/** A check of one number against one target. */
export function check(
  name: string,
  area: Check['area'],
  target: Target,
  measured: number | null | undefined,
): Check {
  const verdict = judge(target, measured);
  const value =
    measured === null || measured === undefined ? 'n/a' : formatValue(target.unit, measured);
  const over = measured === null || measured === undefined ? '' : overBy(target, measured);
  return {
    name,
    area,
    measured: over ? `${value} (${over})` : value,
    target: formatTarget(target),
    verdict,
  };
}

export function verdictCell(v: Verdict): string {
  return v === 'missed' ? '**missed**' : v;
}
