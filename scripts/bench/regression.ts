// The regression guard's pure parts: which git ref is the baseline, and how a figure compares with
// it. A figure more than TOLERANCE worse than the baseline's is a miss, whichever way "worse" is.

/** 15%: the line between noise on a shared machine and a regression. */
export const TOLERANCE = 0.15;

export interface RefFacts {
  /** BENCH_BASELINE, when set. */
  override?: string;
  /** The working tree has uncommitted changes to the code that is served. */
  dirty: boolean;
  head: string;
  /** `git merge-base HEAD main`, or null when there is no `main` (a fresh clone of a branch). */
  mergeBase: string | null;
}

export interface BaselineRef {
  ref: string;
  why: string;
}

/**
 * The release the working tree is compared with: BENCH_BASELINE when given; HEAD when the tree has
 * uncommitted changes (they are what is measured); else the last commit on main before this
 * branch; on main itself (or with no main), the commit before HEAD.
 */
export function resolveBaselineRef(f: RefFacts): BaselineRef {
  const override = f.override?.trim();
  if (override) return { ref: override, why: 'BENCH_BASELINE' };
  if (f.dirty) return { ref: f.head, why: 'HEAD: the working tree has uncommitted changes' };
  if (f.mergeBase && f.mergeBase !== f.head)
    return {
      ref: f.mergeBase,
      why: '`git merge-base HEAD main`: the last commit on main before this branch',
    };
  return { ref: `${f.head}~1`, why: 'HEAD~1: HEAD is on main, so the commit before it' };
}

export type Better = 'higher' | 'lower';

export interface Comparison {
  /** current ÷ baseline. */
  ratio: number;
  /** How much worse than the baseline, as a fraction (negative: better). */
  worseBy: number;
  verdict: 'holds' | 'missed' | 'not measured';
}

/** Compares a figure with the baseline's; a figure TOLERANCE or more worse is missed. */
export function compare(
  current: number | null,
  baseline: number | null,
  better: Better,
  tolerance = TOLERANCE,
): Comparison {
  if (
    current === null ||
    baseline === null ||
    !Number.isFinite(current) ||
    !Number.isFinite(baseline) ||
    baseline <= 0 ||
    current < 0
  )
    return { ratio: NaN, worseBy: NaN, verdict: 'not measured' };
  const ratio = current / baseline;
  // req/s at 0.80x is 20% worse; a latency at 1.20x is 20% worse.
  const worseBy = better === 'higher' ? 1 - ratio : ratio - 1;
  // (The epsilon: 1 - 0.85 is 0.15000000000000002 in floating point.)
  return { ratio, worseBy, verdict: worseBy > tolerance + 1e-9 ? 'missed' : 'holds' };
}

/** "0.87× (13% worse)", "1.25× (25% better)". */
export function formatComparison(c: Comparison): string {
  if (c.verdict === 'not measured') return '—';
  const pct = Math.round(Math.abs(c.worseBy) * 100);
  const word = pct === 0 ? 'same' : c.worseBy > 0 ? `${pct}% worse` : `${pct}% better`;
  return `${c.ratio.toFixed(2)}× (${word})`;
}

/** Interleaving order: A B B A A B ... so neither side always runs first after a pause. */
export function interleave<T>(a: T, b: T, rounds: number): T[] {
  const order: T[] = [];
  for (let i = 0; i < rounds; i++) order.push(...(i % 2 === 0 ? [a, b] : [b, a]));
  return order;
}
