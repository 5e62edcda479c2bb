import { toSlug } from '@/lib/briefs/identifiers';

// How a facet value is looked up: by its lower-cased form, or by the upstream taxonomy slug
// (`Splunk Enterprise` -> `splunk-enterprise`), so links copied from the feed's own URLs work.
// Pure and dependency-free: used by the index (server) and by filter helpers (client).

export function toLowerKey(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Whether a filter value selects a facet value shown in the UI. The exact lower-cased form
 * always does; a filter value written in slug form also selects every spelling with that slug.
 */
export function isSameFacetValue(filterValue: string, facetValue: string): boolean {
  const lower = toLowerKey(filterValue);
  if (lower === toLowerKey(facetValue)) return true;
  const slug = toSlug(filterValue);
  return slug !== '' && slug === lower && slug === toSlug(facetValue);
}
