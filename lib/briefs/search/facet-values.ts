import type { BriefIndex } from '@/lib/briefs/search/brief-index';
import { countValues, toFacetCountList } from '@/lib/briefs/search/facet-counts';
import { facetMask } from '@/lib/briefs/search/query';
import type { BriefFilter, FacetCount, FacetName } from '@/lib/briefs/filter/types';
import { NO_SIGNALS, type CveSignals } from '@/lib/signals/types';

// One facet's whole count list under a filter, or the values containing a search term: what a
// list answer leaves out past its top values. Counted like the list's (disjunctively: over the
// briefs matching every other constraint), so the two never disagree.

export const FACET_LIST_LIMITS = { defaultLimit: 50, maxLimit: 1000, maxFindLength: 200 } as const;

export interface FacetValuesResult {
  facet: FacetName;
  /** Most frequent first, at most `limit`. */
  values: FacetCount[];
  /** How many values match `find` (all of the facet's values with a match when find is empty). */
  total: number;
  offset: number;
  limit: number;
  find: string;
}

export function listFacetValues(
  index: BriefIndex,
  filter: BriefFilter,
  facet: FacetName,
  opts: { find?: string; offset?: number; limit?: number } = {},
  signals: CveSignals = NO_SIGNALS,
): FacetValuesResult {
  const find = (opts.find ?? '').trim();
  const offset = opts.offset ?? 0;
  const limit = opts.limit ?? FACET_LIST_LIMITS.defaultLimit;
  const facetIndex = index.facets[facet];
  const counts = countValues(facetIndex, facetMask(index, filter, facet, signals));
  let list = toFacetCountList(facetIndex, counts, filter[facet]);
  if (find) {
    const needle = find.toLowerCase();
    list = list.filter((entry) => entry.value.toLowerCase().includes(needle));
  }
  return {
    facet,
    values: list.slice(offset, offset + limit),
    total: list.length,
    offset,
    limit,
    find,
  };
}
