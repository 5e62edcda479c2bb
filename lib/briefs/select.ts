import {
  DEFAULT_PAGE_SIZE,
  type BriefFilter,
  type BriefQueryResult,
  type FacetCounts,
  type Sort,
} from '@/lib/briefs/filter/types';
import { activeFilterChips } from '@/lib/briefs/filter/chips';
import type { IndexedBrief } from '@/lib/briefs/types';

// Whole result sets for the matrix, trends and exports. They reuse queryBriefs' matching, order
// and facet counts (one page as large as the feed), so a view never disagrees with the list.

/** What a selection reads from: the feed store (tests wrap a bare index). */
export interface BriefSource {
  queryBriefs(filter: BriefFilter): BriefQueryResult;
  /** List fields only: a selection never reads bodies (exports that need one read it apart). */
  getIndexedBrief(slug: string): IndexedBrief | undefined;
}

export interface BriefSelection {
  /** The filter as a view (page 1, default page size): URLs built from it stay canonical. */
  filter: BriefFilter;
  /** In the filter's order (newest first by default), at most `limit`. */
  briefs: IndexedBrief[];
  /** Every brief matching the filter, whatever the limit. */
  total: number;
  /** The list's facet counts for this filter (disjunctive: see query.ts). */
  facets: FacetCounts;
}

const ALL = Number.MAX_SAFE_INTEGER;

/** The filter without paging: page and page size mean nothing for a whole result set. */
export function toViewFilter(filter: BriefFilter): BriefFilter {
  return { ...filter, page: 1, pageSize: DEFAULT_PAGE_SIZE };
}

// A repeated view gets the same query result object from the index's cache, hence the same briefs
// array, and with it whatever was derived from it (matrix, trends): built once, not per request.
const selections = new WeakMap<BriefQueryResult, Omit<BriefSelection, 'filter'>>();
const derived = new WeakMap<readonly IndexedBrief[], Map<unknown, unknown>>();

/**
 * Every brief matching `filter` (or the first `limit`), as full briefs. The briefs array is shared
 * between requests for as long as the index caches the query: read-only.
 */
export function selectBriefs(
  source: BriefSource,
  filter: BriefFilter,
  opts: { limit?: number; sort?: Sort } = {},
): BriefSelection {
  const view = toViewFilter(filter);
  const result = source.queryBriefs({
    ...view,
    sort: opts.sort ?? view.sort,
    pageSize: Math.max(1, opts.limit ?? ALL),
  });
  let shared = selections.get(result);
  if (!shared) {
    const briefs = result.items.flatMap((summary) => source.getIndexedBrief(summary.slug) ?? []);
    shared = { briefs, total: result.total, facets: result.facets };
    selections.set(result, shared);
  }
  // The filter is this request's own: the cache key ignores the order of facet values.
  return { ...shared, filter: view };
}

/** `compute()` once per selection and key (say, the catalog it also depends on). */
export function deriveOnce<T>(selection: BriefSelection, key: unknown, compute: () => T): T {
  let values = derived.get(selection.briefs);
  if (!values) derived.set(selection.briefs, (values = new Map()));
  if (!values.has(key)) values.set(key, compute());
  return values.get(key) as T;
}

/** The filter in words, for titles and descriptions: `Severity: critical; Vendor: Microsoft`. */
export function describeFilter(filter: BriefFilter): string {
  const labels = activeFilterChips(filter).map((chip) => chip.label);
  return labels.length > 0 ? labels.join('; ') : 'all briefs';
}

/** Where the briefs come from, in words; the shape is the feed store's source block. */
export function describeSource(
  block: { source: 'upstream' | 'disk' | 'bundled'; fetchedAt: string | null; stale: boolean },
  feedUrl = 'https://feed.craftedsignal.io/feed.json',
): string {
  const site = URL.canParse(feedUrl) ? new URL(feedUrl).origin : 'https://feed.craftedsignal.io';
  const feed = `CraftedSignal threat feed (${site}/)`;
  if (block.source === 'bundled') return `${feed}, bundled demo snapshot (no live data)`;
  const when = block.fetchedAt ? `fetched ${block.fetchedAt}` : 'fetch time unknown';
  const how = block.source === 'disk' ? 'last saved snapshot' : 'live';
  return `${feed}, ${how}, ${when}${block.stale ? ' (stale)' : ''}`;
}

const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The origin the reader reached the dashboard at, for absolute links in exports. Next builds
 * `request.url` from the address the server listens on (`localhost:3000`), not from the Host the
 * browser asked for, so the Host (or a proxy's X-Forwarded-Host/-Proto) is read, checked, and
 * the request URL's origin is the fallback. Nothing is fetched from it.
 */
export function toRequestOrigin(request: Request): string {
  const url = new URL(request.url);
  const first = (name: string) => request.headers.get(name)?.split(',')[0]?.trim() ?? '';
  const host = first('x-forwarded-host') || first('host');
  const proto = first('x-forwarded-proto').toLowerCase();
  if (!HOST.test(host)) return url.origin;
  const scheme = proto === 'https' || proto === 'http' ? proto : url.protocol.slice(0, -1);
  return `${scheme}://${host.toLowerCase()}`;
}

/** The dashboard page of a brief, on the dashboard's own origin. */
export function toBriefUrl(origin: string, slug: string): string {
  return `${origin}/briefs/${encodeURIComponent(slug)}`;
}
