// Two configurations of one server compared on the same machine: runs interleaved A B B A so a
// burst of other work lands on both sides alike, each figure the median of its side, the verdict
// a ratio against a ceiling. Pure, so it is unit-tested (paired.test.ts).

export type Side = 'A' | 'B';

/** A B B A A B B A ...: `pairs` runs a side, alternating which side starts each pair. */
export function abbaOrder(pairs: number): Side[] {
  const order: Side[] = [];
  for (let i = 0; i < pairs; i++)
    order.push(...(i % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const)));
  return order;
}

/** The middle value; with an even count the mean of the two middle ones (so A B B A is fair to both). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = Math.floor(n / 2);
  return n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function spread(values: readonly number[]): Spread {
  const finite = values.filter(Number.isFinite);
  return {
    median: finite.length ? median(finite) : NaN,
    min: finite.length ? Math.min(...finite) : NaN,
    max: finite.length ? Math.max(...finite) : NaN,
    runs: finite.length,
  };
}

export type PairedVerdict = 'holds' | 'missed' | 'not measured';

/** `measured` at most `ceiling` holds; NaN or missing is not measured. */
export function atMost(measured: number | null | undefined, ceiling: number): PairedVerdict {
  if (measured === null || measured === undefined || !Number.isFinite(measured))
    return 'not measured';
  return measured <= ceiling ? 'holds' : 'missed';
}

/** Every verdict holds: holds; any missed: missed; else not measured. */
export function allOf(verdicts: readonly PairedVerdict[]): PairedVerdict {
  if (verdicts.includes('missed')) return 'missed';
  if (verdicts.length > 0 && verdicts.every((v) => v === 'holds')) return 'holds';
  return 'not measured';
}

export const verdictText = (v: PairedVerdict) => (v === 'missed' ? '**missed**' : v);

/** `a ÷ b` as `1.03×`, or n/a. */
export function ratioText(a: number, b: number): string {
  const r = a / b;
  return Number.isFinite(r) ? `${r.toFixed(3)}×` : 'n/a';
}

/** A side's spread as `median (min-max)` through `format`. */
export function spreadText(s: Spread, format: (v: number) => string): string {
  if (s.runs === 0) return 'n/a';
  if (s.runs === 1 || s.min === s.max) return format(s.median);
  return `${format(s.median)} (${format(s.min)}–${format(s.max)})`;
}
