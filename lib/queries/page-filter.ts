import 'server-only';
import { cache } from 'react';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { parsePageFilter, type FilteredPage } from '@/lib/briefs/filter/page-filter';

// A filtered page's filter, parsed once per request: generateMetadata and the page share it
// (React's cache compares its arguments by value only for strings, hence the query string).

export type PageSearchParams = Record<string, string | string[] | undefined>;

const parseOnce = cache((page: FilteredPage, query: string): BriefFilter => {
  const parsed = parsePageFilter(page, new URLSearchParams(query));
  // The proxy answers every filter a page cannot read with HTTP 400 before the page runs.
  if (!parsed.ok) throw new Error(`${page} got a filter the proxy should have refused`);
  return parsed.filter;
});

export function getPageFilter(page: FilteredPage, params: PageSearchParams): BriefFilter {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
      query.append(name, v);
  return parseOnce(page, query.toString());
}
