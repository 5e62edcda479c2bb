import { createBitset, addPositions, type Bitset } from '@/lib/briefs/search/bitset';
import type { BriefIndex } from '@/lib/briefs/search/brief-index';
import type { BriefListItem } from '@/lib/briefs/types';
import type { BriefSignals, CveSignals, CveWithSignals } from './types';

// The join of briefs and CVE signals, at query time: per brief index and signals version, the
// highest EPSS and the KEV flag of each brief position, and the positions in EPSS order. Rebuilt
// (one pass over each brief's CVE value ids) when either side changes, never stored in briefs.

export interface IndexSignals {
  version: number;
  /** Highest EPSS per position; NaN when no CVE of the brief has a score. */
  maxEpss: Float32Array;
  kev: { true: Bitset; false: Bitset };
  /** Positions by highest EPSS, descending; briefs without a score last, newest first. */
  epssOrder: Uint32Array;
}

const built = new WeakMap<BriefIndex, IndexSignals>();

export function indexSignals(index: BriefIndex, signals: CveSignals): IndexSignals {
  const cached = built.get(index);
  if (cached && cached.version === signals.version) return cached;
  const cve = index.facets.cve;
  // Per CVE value id first: a CVE shared by many briefs is looked up once.
  const valueEpss = new Float32Array(cve.values.length).fill(Number.NaN);
  const valueKev = new Uint8Array(cve.values.length);
  cve.values.forEach((id, valueId) => {
    const signal = signals.byCve.get(id);
    if (signal?.epss) valueEpss[valueId] = signal.epss.epss;
    if (signal?.kev) valueKev[valueId] = 1;
  });
  const maxEpss = new Float32Array(index.size).fill(Number.NaN);
  const kevPositions: number[] = [];
  const notKev: number[] = [];
  for (let position = 0; position < index.size; position++) {
    let max = Number.NaN;
    let kev = false;
    for (let j = cve.offsets[position]!; j < cve.offsets[position + 1]!; j++) {
      const valueId = cve.valueIds[j]!;
      const score = valueEpss[valueId]!;
      if (!Number.isNaN(score) && !(score <= max)) max = score;
      if (valueKev[valueId]) kev = true;
    }
    maxEpss[position] = max;
    (kev ? kevPositions : notKev).push(position);
  }
  const kevBits = { true: createBitset(index.size), false: createBitset(index.size) };
  addPositions(kevBits.true, kevPositions);
  addPositions(kevBits.false, notKev);
  const scored = Array.from({ length: index.size }, (_, p) => p).filter(
    (p) => !Number.isNaN(maxEpss[p]!),
  );
  scored.sort((a, b) => maxEpss[b]! - maxEpss[a]! || a - b);
  const unscored = Array.from({ length: index.size }, (_, p) => p).filter((p) =>
    Number.isNaN(maxEpss[p]!),
  );
  const result: IndexSignals = {
    version: signals.version,
    maxEpss,
    kev: kevBits,
    epssOrder: Uint32Array.from([...scored, ...unscored]),
  };
  built.set(index, result);
  return result;
}

/** Briefs whose highest EPSS is at least `min`. */
export function epssAtLeastBits(index: BriefIndex, signals: IndexSignals, min: number): Bitset {
  const bits = createBitset(index.size);
  const positions: number[] = [];
  // Float32 storage: compare at its precision so epss_min=0.1 keeps a score of exactly 0.1.
  const floor = Math.fround(min);
  for (let p = 0; p < index.size; p++) if (signals.maxEpss[p]! >= floor) positions.push(p);
  addPositions(bits, positions);
  return bits;
}

/** A brief's signals from its CVE ids (a list row, an export). */
export function briefSignalsOf(cves: readonly string[], signals: CveSignals): BriefSignals {
  let kev = false;
  let maxEpss: number | null = null;
  for (const id of cves) {
    const signal = signals.byCve.get(id);
    if (signal?.kev) kev = true;
    if (signal?.epss && (maxEpss === null || signal.epss.epss > maxEpss))
      maxEpss = signal.epss.epss;
  }
  return { kev, maxEpss };
}

/** A list item with its signals, for the list and the API's items. */
export function withBriefSignals<T extends Pick<BriefListItem, 'cves'>>(
  item: T,
  signals: CveSignals,
): T & { signals: BriefSignals } {
  return { ...item, signals: briefSignalsOf(item.cves, signals) };
}

/** Each CVE id with its KEV entry and EPSS score, as far as the signals know them. */
export function cvesWithSignals(ids: readonly string[], signals: CveSignals): CveWithSignals[] {
  return ids.map((id) => {
    const signal = signals.byCve.get(id);
    return {
      id,
      kev: signal?.kev ?? null,
      epss: signal?.epss ? { ...signal.epss, scoreDate: signals.epssScoreDate } : null,
    };
  });
}
