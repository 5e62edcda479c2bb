import { rangeBitset, type Bitset } from '@/lib/briefs/search/bitset';
import type { BriefIndex } from '@/lib/briefs/search/brief-index';
import { toSlugHash } from '@/lib/workflow/read-exclusion';

// The briefs a list leaves out by slug hash ("Hide read": lib/workflow/read-exclusion.ts), as the
// bitset of the positions it keeps. Each index's slug hashes are computed once.

const hashesByIndex = new WeakMap<BriefIndex, string[]>();

function slugHashes(index: BriefIndex): string[] {
  let hashes = hashesByIndex.get(index);
  if (!hashes) {
    hashes = index.summaries.map((brief) => toSlugHash(brief.slug));
    hashesByIndex.set(index, hashes);
  }
  return hashes;
}

/** Every position but those whose slug hashes into `excluded`. */
export function keptBits(index: BriefIndex, excluded: ReadonlySet<string>): Bitset {
  const bits = rangeBitset(index.size, 0, index.size);
  slugHashes(index).forEach((hash, position) => {
    if (excluded.has(hash)) bits[position >>> 5]! &= ~(1 << (position & 31));
  });
  return bits;
}

/** What a cache key adds for the exclusion (empty for none). */
export const toExclusionKey = (excluded: ReadonlySet<string> | undefined) =>
  excluded && excluded.size > 0 ? `&~${[...excluded].sort().join('')}` : '';
