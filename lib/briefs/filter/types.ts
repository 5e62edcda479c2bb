import type { BriefListItem } from '@/lib/briefs/types';

// The typed form of a list view. One parser turns a query string into it (parse-filter.ts),
// one function turns it back into a query string; links and chips are built with them only.

export const FACETS = [
  'severity',
  'type',
  'vendor',
  'product',
  'actor',
  'tag',
  'technique',
  'tactic',
  'cve',
  'ioc_type',
] as const;
export type FacetName = (typeof FACETS)[number];

/** `updated`: by the last change (a change the dashboard saw, date_modified, or publication). */
export const SORTS = ['newest', 'oldest', 'severity', 'relevance', 'updated', 'epss'] as const;
export type Sort = (typeof SORTS)[number];

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** What parseBriefFilter accepts; exported so inputs can carry the same limits (e.g. maxLength). */
export const FILTER_LIMITS = {
  maxFacetValues: 50, // per facet
  maxFacetValueLength: 200,
  maxQueryLength: 500,
  maxPage: 100_000,
} as const;

/** A list answer carries each facet's top values; /api/facets/{facet} lists the rest. */
export const FACET_TOP_VALUES = 50;

export type BriefFilter = Record<FacetName, string[]> & {
  exploited: boolean | null;
  /** A public proof of concept (`_cs_has_poc` or PoC references). */
  poc: boolean | null;
  /** The brief carries indicators of compromise (from the feed's STIX bundle). */
  ioc: boolean | null;
  /** One of the brief's CVEs is in CISA's KEV catalog (lib/signals/). */
  kev: boolean | null;
  /** The brief's highest EPSS is at least this (0..1); the `epss_min` parameter. */
  epssMin: number | null;
  q: string;
  from: string | null; // YYYY-MM-DD, inclusive, on the published date (UTC)
  to: string | null; // YYYY-MM-DD, inclusive
  /** YYYY-MM-DD (UTC day start) or an ISO date-time in UTC; on the published or modified date. */
  since: string | null;
  /** null = the default: relevance when q is set, else newest. */
  sort: Sort | null;
  page: number; // 1-based
  pageSize: number;
};

export interface FacetCount {
  value: string; // display form (as the feed writes it; technique ids upper case; tactics as shortnames)
  count: number;
}

/** The yes/no filters counted beside the facets. */
export const FLAGS = ['exploited', 'poc', 'ioc', 'kev'] as const;
export type FlagName = (typeof FLAGS)[number];

/** The `epss_min` choices the facet panel counts (briefs whose highest EPSS is at least each). */
export const EPSS_STEPS = ['0.01', '0.1', '0.5', '0.9'] as const;

/** Every count list of a list answer: facets, flags and the EPSS steps (`epss`). */
export type CountName = FacetName | FlagName | 'epss';

/** Per facet, how many values its full count list has (a list answer carries the top ones only). */
export type FacetTotals = Record<CountName, number>;

export type FacetCounts = Record<CountName, FacetCount[]>;

/** One empty list per count name, the flags included: the counts before any data. */
export function emptyFacetLists<T>(): Record<CountName, T[]> {
  return Object.fromEntries(
    [...FACETS, ...FLAGS, 'epss'].map((name) => [name, []]),
  ) as unknown as Record<CountName, T[]>;
}

export interface BriefQueryResult {
  items: BriefListItem[];
  total: number;
  page: number;
  pageSize: number;
  /** Each facet's top values (lib/briefs/search/facet-values.ts), selected values always kept. */
  facets: FacetCounts;
  facetTotals: FacetTotals;
  /** When `q` looks like an indicator: the value searched for and how many briefs carry it. */
  indicatorMatch?: IndicatorMatch | null;
}

export interface IndicatorMatch {
  type: string;
  /** The value as searched (refanged). */
  value: string;
  /** Briefs carrying exactly this value: they come first in the results. */
  briefs: number;
}

export interface FilterError {
  parameter: string;
  message: string;
}

export type ParseFilterResult =
  { ok: true; filter: BriefFilter } | { ok: false; error: FilterError };
