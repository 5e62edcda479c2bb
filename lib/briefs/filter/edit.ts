import { isSameFacetValue } from '@/lib/briefs/filter/facet-keys';
import { FILTER_LIMITS, type BriefFilter, type FacetName } from '@/lib/briefs/filter/types';
import { normaliseFacetValue, toQueryString } from '@/lib/briefs/filter/url';

// Changing a filter: the hrefs of links and the values a control adds or removes. Every href is
// the canonical query string of the changed filter (url.ts).

function isSameSetting(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((value, i) => value === b[i]);
  }
  return a === b;
}

/**
 * The filter with `patch` applied. A patch that changes anything but `page` sends the reader
 * back to page 1 (a new result set), unless it sets `page` itself.
 */
export function withPatch(filter: BriefFilter, patch: Partial<BriefFilter>): BriefFilter {
  const next: BriefFilter = { ...filter };
  let changed = false;
  for (const [name, value] of Object.entries(patch) as [keyof BriefFilter, unknown][]) {
    if (value === undefined) continue;
    if (name !== 'page' && !isSameSetting(filter[name], value)) changed = true;
    (next as Record<string, unknown>)[name] = value;
  }
  if (changed && patch.page === undefined) next.page = 1;
  return next;
}

/** The href of the list (or `pathname`) showing the filter with `patch` applied (withPatch). */
export function toListHref(
  filter: BriefFilter,
  patch: Partial<BriefFilter> = {},
  pathname = '/',
): string {
  const query = toQueryString(withPatch(filter, patch));
  return query ? `${pathname}?${query}` : pathname;
}

/**
 * Whether `value` (as a facet list shows it) is selected in the filter: case-insensitive, and a
 * slug-form value from the URL (`splunk-enterprise`) selects `Splunk Enterprise`.
 */
export function isFacetValueSelected(
  filter: BriefFilter,
  facet: FacetName,
  value: string,
): boolean {
  const normalised = normaliseFacetValue(facet, value) ?? value;
  return filter[facet].some((selected) => isSameFacetValue(selected, normalised));
}

/** The filter with `value` added to `facet` (on page 1). Invalid values leave the filter as is. */
export function withFacetValue(filter: BriefFilter, facet: FacetName, value: string): BriefFilter {
  const normalised = normaliseFacetValue(facet, value);
  if (normalised === null || isFacetValueSelected(filter, facet, normalised)) return filter;
  if (filter[facet].length >= FILTER_LIMITS.maxFacetValues) return filter;
  return { ...filter, [facet]: [...filter[facet], normalised], page: 1 };
}

/** The filter without `value` (and its other spellings) in `facet`, on page 1. */
export function withoutFacetValue(
  filter: BriefFilter,
  facet: FacetName,
  value: string,
): BriefFilter {
  const normalised = normaliseFacetValue(facet, value) ?? value;
  const kept = filter[facet].filter((selected) => !isSameFacetValue(selected, normalised));
  return kept.length === filter[facet].length ? filter : { ...filter, [facet]: kept, page: 1 };
}

export function toggleFacetValue(
  filter: BriefFilter,
  facet: FacetName,
  value: string,
): BriefFilter {
  return isFacetValueSelected(filter, facet, value)
    ? withoutFacetValue(filter, facet, value)
    : withFacetValue(filter, facet, value);
}
