import { classifyIndicator, indicatorHash, indicatorKey } from '@/lib/briefs/indicators';
import type { IndexedBrief } from '@/lib/briefs/types';
import type { IndicatorMatch } from '@/lib/briefs/filter/types';

// Exact indicator value -> the briefs carrying it, without keeping a value on the heap: each
// brief brings the 53-bit hashes of its searchable values (ingest computes them), and the lookup
// is two typed arrays sorted by hash (16 bytes per value), searched by bisection.

export interface IndicatorLookup {
  readonly hashes: Float64Array;
  /** Brief position of each hash entry; a hash's positions ascend. */
  readonly positions: Uint32Array;
}

export function buildIndicatorLookup(briefs: readonly IndexedBrief[]): IndicatorLookup {
  let count = 0;
  for (const brief of briefs) count += brief.iocHashes?.length ?? 0;
  const hashes = new Float64Array(count);
  const positions = new Uint32Array(count);
  let at = 0;
  briefs.forEach((brief, position) => {
    for (const hash of brief.iocHashes ?? []) {
      hashes[at] = hash;
      positions[at++] = position;
    }
  });
  const order = Uint32Array.from({ length: count }, (_, i) => i).sort(
    (a, b) => hashes[a]! - hashes[b]! || positions[a]! - positions[b]!,
  );
  return {
    hashes: Float64Array.from(order, (i) => hashes[i]!),
    positions: Uint32Array.from(order, (i) => positions[i]!),
  };
}

function firstAtLeast(hashes: Float64Array, hash: number): number {
  let lo = 0;
  let hi = hashes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (hashes[mid]! < hash) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The positions (ascending, i.e. newest first) of the briefs carrying `value` exactly. */
export function findIndicatorPositions(lookup: IndicatorLookup, value: string): Uint32Array {
  const hash = indicatorHash(indicatorKey(value));
  const start = firstAtLeast(lookup.hashes, hash);
  let end = start;
  while (end < lookup.hashes.length && lookup.hashes[end] === hash) end++;
  return lookup.positions.slice(start, end);
}

/** When the search looks like an indicator: what it is and the briefs carrying it. */
export function searchIndicator(
  lookup: IndicatorLookup,
  q: string,
): { match: IndicatorMatch; positions: Uint32Array } | null {
  const found = classifyIndicator(q);
  if (!found) return null;
  const positions = findIndicatorPositions(lookup, found.value);
  return { match: { ...found, briefs: positions.length }, positions };
}
