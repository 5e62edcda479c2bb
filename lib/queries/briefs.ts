import { queryOptions } from '@tanstack/react-query';
import type { BriefFilter, FacetName, FilterError } from '@/lib/briefs/filter/types';
import type { FacetValuesResult } from '@/lib/briefs/search/facet-values';
import { toQueryString } from '@/lib/briefs/filter/url';
import type { BriefListResponse } from '@/lib/api/types';
import type { FeedStatus } from '@/lib/serving/status';
import { toListView } from './list-view';

// One factory per query. The client hook uses them as they are (fetching /api/...); the server
// prefetch spreads them and swaps in a queryFn that calls the store directly, so both sides
// share the key and cannot drift apart.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail: FilterError | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}

function isFilterError(value: unknown): value is FilterError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FilterError).parameter === 'string' &&
    typeof (value as FilterError).message === 'string'
  );
}

async function fetchApiJson<T>(url: string, signal: AbortSignal): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal });
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => null);
    const error = (body as { error?: unknown } | null)?.error;
    const detail = isFilterError(error) ? error : null;
    throw new ApiError(res.status, detail?.message ?? `${url} answered ${res.status}`, detail);
  }
  return (await res.json()) as T;
}

/** The list page's query: the answer as the page keeps it (toListView), server and client alike. */
export function briefListQuery(filter: BriefFilter) {
  const search = toQueryString(filter);
  return queryOptions({
    queryKey: ['briefs', 'list', search] as const,
    queryFn: async ({ signal }) =>
      toListView(await fetchApiJson<BriefListResponse>(`/api/briefs?${search}`, signal), filter),
  });
}

/** One facet's values containing `find`, under the list filter `listQuery` (/api/facets). */
export function facetValuesQuery(facet: FacetName, listQuery: string, find: string, limit: number) {
  const params = new URLSearchParams(listQuery);
  params.set('find', find);
  params.set('limit', String(limit));
  const search = params.toString();
  return queryOptions({
    queryKey: ['facets', facet, search] as const,
    queryFn: ({ signal }) =>
      fetchApiJson<FacetValuesResult>(`/api/facets/${facet}?${search}`, signal),
    staleTime: 30_000,
  });
}

export const STATUS_POLL_MS = 1500;

export function feedStatusQuery() {
  return queryOptions({
    queryKey: ['status'] as const,
    queryFn: ({ signal }) => fetchApiJson<FeedStatus>('/api/status', signal),
    // Poll only while a crawl runs, so a first start on a large feed shows its progress.
    refetchInterval: (query) => (query.state.data?.refreshing ? STATUS_POLL_MS : false),
  });
}
