import type { BriefListResponse } from '@/lib/api/types';
import { isFacetValueSelected } from '@/lib/briefs/filter/edit';
import type { BriefFilter, FacetCounts, FacetName } from '@/lib/briefs/filter/types';

// What the list page keeps of a list answer. The panel shows each facet's top values and asks
// /api/facets for the rest when the reader opens "Show more" or types in a find box, so the
// values it would not show are neither hydrated into the page nor kept in the client's cache:
// the page's HTML and its DOM stay the same size however many values a facet has.

/** Values a facet group shows before "Show more". */
export const PANEL_TOP_VALUES = 10;
/** A facet with at most this many values is shown whole (folding away one or two helps nobody). */
export const PANEL_WHOLE_UP_TO = PANEL_TOP_VALUES + 2;

/** Facets whose values grow with the feed; severity, type and tactic are short, fixed lists. */
const OPEN_ENDED = ['vendor', 'product', 'actor', 'tag', 'technique', 'cve'] as const;

/** Each open-ended facet cut to its top values, the selected ones kept; everything else as is. */
export function toListView(answer: BriefListResponse, filter: BriefFilter): BriefListResponse {
  const facets: FacetCounts = { ...answer.facets };
  for (const facet of OPEN_ENDED) facets[facet] = topValues(answer.facets[facet], facet, filter);
  return { ...answer, facets };
}

function topValues(values: FacetCounts[FacetName], facet: FacetName, filter: BriefFilter) {
  if (values.length <= PANEL_WHOLE_UP_TO) return values;
  return values.filter(
    (item, i) => i < PANEL_TOP_VALUES || isFacetValueSelected(filter, facet, item.value),
  );
}
