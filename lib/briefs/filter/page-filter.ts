import type { FilterError, ParseFilterResult } from './types';
import { parseBriefFilter, parseViewFilter, type SearchParamsInput } from './url';

// The pages whose query string is a brief filter (the site's three pages with navigation), how
// each reads it, and its labels. A pasted link often carries tracking parameters (utm_source
// and the like), so pages ignore unknown ones; the whole-view pages ignore paging too. The proxy
// reads the same table to answer a filter a page cannot read with HTTP 400.
const PAGES = {
  '/': {
    parse: (params: SearchParamsInput) => parseBriefFilter(params, { allowUnknown: true }),
    title: 'Threat briefs',
    navLabel: 'Briefs',
    resetLabel: 'Show all briefs',
  },
  '/attack': {
    parse: (params: SearchParamsInput) => parseViewFilter(params, { allowUnknown: true }),
    title: 'ATT&CK matrix',
    navLabel: 'ATT&CK matrix',
    resetLabel: 'Show the whole matrix',
  },
  '/trends': {
    parse: (params: SearchParamsInput) => parseViewFilter(params, { allowUnknown: true }),
    title: 'Trends',
    navLabel: 'Trends',
    resetLabel: 'Show trends for all briefs',
  },
} as const;

export type FilteredPage = keyof typeof PAGES;

/** In the site's navigation order. */
export const FILTERED_PAGES = Object.keys(PAGES) as FilteredPage[];

export function parsePageFilter(page: FilteredPage, params: SearchParamsInput): ParseFilterResult {
  return PAGES[page].parse(params);
}

/** A page's title, its name in navigation, and the text of the link from its error back to it. */
export function labelsOf(page: FilteredPage): {
  title: string;
  navLabel: string;
  resetLabel: string;
} {
  return PAGES[page];
}

/** The error of a request for a filtered page whose filter that page cannot read, else null. */
export function pageFilterError(
  pathname: string,
  params: URLSearchParams,
): { page: FilteredPage; error: FilterError } | null {
  if (!Object.hasOwn(PAGES, pathname)) return null;
  const page = pathname as FilteredPage;
  const parsed = parsePageFilter(page, params);
  return parsed.ok ? null : { page, error: parsed.error };
}
