import { FACET_LIST_LIMITS } from '@/lib/briefs/search/facet-values';
import { FACETS, type BriefFilter, type FacetName, type FilterError } from './types';
import { parseBriefFilter, toParamEntries, type SearchParamsInput } from './url';

// The query of one facet's listing (/api/facets/{facet}, /facets/{facet}): the list's filters,
// plus `find` (values containing it), `offset` and `limit`. `q` keeps its list meaning (full
// text), so a view's own query string can be passed on as it is.

export const FACET_QUERY_PARAMS = ['find', 'offset', 'limit'] as const;

export interface FacetQuery {
  facet: FacetName;
  filter: BriefFilter;
  find: string;
  offset: number;
  limit: number;
}

export type ParseFacetQueryResult =
  { ok: true; query: FacetQuery } | { ok: false; error: FilterError };

const MAX_OFFSET = 1_000_000;

function wholeNumber(
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
  fallback: number,
): number | FilterError {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max)
    return {
      parameter: name,
      message: `must be a whole number from ${min} to ${max} (got "${raw.slice(0, 50)}")`,
    };
  return value;
}

export function parseFacetQuery(
  facetParam: string,
  params: SearchParamsInput,
  opts: { allowUnknown?: boolean } = {},
): ParseFacetQueryResult {
  if (!(FACETS as readonly string[]).includes(facetParam)) {
    return {
      ok: false,
      error: {
        parameter: 'facet',
        message: `must be one of ${FACETS.join(', ')} (got "${facetParam.slice(0, 50)}")`,
      },
    };
  }
  const own = new Map<string, string[]>();
  const rest = new URLSearchParams();
  for (const [name, value] of toParamEntries(params)) {
    if ((FACET_QUERY_PARAMS as readonly string[]).includes(name)) {
      own.set(name, [...(own.get(name) ?? []), value]);
    } else rest.append(name, value);
  }
  for (const [name, values] of own) {
    if (values.length > 1)
      return { ok: false, error: { parameter: name, message: 'may be given only once' } };
  }
  const find = own.get('find')?.[0] ?? '';
  if (find.length > FACET_LIST_LIMITS.maxFindLength) {
    return {
      ok: false,
      error: {
        parameter: 'find',
        message: `must be at most ${FACET_LIST_LIMITS.maxFindLength} characters`,
      },
    };
  }
  const offset = wholeNumber('offset', own.get('offset')?.[0], 0, MAX_OFFSET, 0);
  if (typeof offset !== 'number') return { ok: false, error: offset };
  const limit = wholeNumber(
    'limit',
    own.get('limit')?.[0],
    1,
    FACET_LIST_LIMITS.maxLimit,
    FACET_LIST_LIMITS.defaultLimit,
  );
  if (typeof limit !== 'number') return { ok: false, error: limit };
  const parsed = parseBriefFilter(rest, opts);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    query: {
      facet: facetParam as FacetName,
      filter: parsed.filter,
      find: find.trim(),
      offset,
      limit,
    },
  };
}
