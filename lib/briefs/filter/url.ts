// zod/mini: the same schemas, tree-shaken, since this parser also runs in the browser.
import * as z from 'zod/mini';
import { toLowerKey } from '@/lib/briefs/filter/facet-keys';
import { checkSince } from '@/lib/briefs/filter/since';
import {
  DEFAULT_PAGE_SIZE,
  emptyFacetLists,
  FACETS,
  FILTER_LIMITS,
  MAX_PAGE_SIZE,
  SORTS,
  type BriefFilter,
  type FacetName,
  type ParseFilterResult,
} from '@/lib/briefs/filter/types';
import {
  checkBoolean,
  checkDay,
  checkProbability,
  checkQuery,
  FACET_CHECKS,
  FREE_TEXT_FACETS,
  oneOf,
  quote,
  wholeNumber,
  type Checked,
} from '@/lib/briefs/filter/checks';

// The one way between a query string and a BriefFilter: a zod schema over the query's values,
// grouped by name. parse(filterToSearchParams(f)) deep-equals f for every filter the parser
// produces; links and chips are built from it (edit.ts, chips.ts), never by hand.

export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

/** A string run through a check: its value, or an issue with the check's message. */
function checked<T>(check: (raw: string) => Checked<T>) {
  return z.pipe(
    z.string(),
    z.transform((raw: string, ctx): T => {
      const result = check(raw);
      if ('value' in result) return result.value;
      ctx.issues.push({ code: 'custom', message: result.message, input: raw });
      return z.NEVER;
    }),
  );
}

/** A parameter given at most once. */
function once<T>(check: (raw: string) => Checked<T>) {
  const single = z.pipe(
    z.array(z.string()).check(z.maxLength(1, 'may be given only once')),
    z.transform((values: string[]) => values[0] as string),
  );
  return z.optional(z.pipe(single, checked(check)));
}

/** A repeatable facet: checked values, deduplicated (free text case-insensitively), capped. */
function facetValues(facet: FacetName) {
  const { maxFacetValueLength, maxFacetValues } = FILTER_LIMITS;
  const value = z.pipe(
    z
      .string()
      .check(
        z.maxLength(
          maxFacetValueLength,
          `values must be at most ${maxFacetValueLength} characters`,
        ),
      ),
    checked(FACET_CHECKS[facet]),
  );
  const keyOf = (v: string) => (FREE_TEXT_FACETS.has(facet) ? toLowerKey(v) : v);
  const unique = z.pipe(
    z.array(value),
    z.transform((values: string[]) => {
      const seen = new Set<string>();
      return values.filter((v) => !seen.has(keyOf(v)) && seen.add(keyOf(v)));
    }),
  );
  return z.optional(
    unique.check(
      z.refine((values: string[]) => values.length <= maxFacetValues, {
        message: `takes at most ${maxFacetValues} different values`,
      }),
    ),
  );
}

// Shape order is the canonical parameter order of filterToSearchParams.
const shape = {
  q: once(checkQuery),
  ...(Object.fromEntries(FACETS.map((f) => [f, facetValues(f)])) as {
    [F in FacetName]: ReturnType<typeof facetValues>;
  }),
  exploited: once(checkBoolean),
  poc: once(checkBoolean),
  ioc: once(checkBoolean),
  kev: once(checkBoolean),
  epss_min: once(checkProbability),
  from: once(checkDay),
  to: once(checkDay),
  since: once(checkSince),
  sort: once(oneOf(SORTS)),
  page: once(wholeNumber(1, FILTER_LIMITS.maxPage)),
  pageSize: once(wholeNumber(1, MAX_PAGE_SIZE)),
};

const datesInOrder = z.refine<{ from?: string; to?: string }>(
  (v) => !(v.from && v.to && v.from > v.to),
  {
    path: ['from'],
    error: (issue) => {
      const { from, to } = issue.input as { from: string; to: string };
      return `(${from}) must not be after to (${to})`;
    },
  },
);
const querySchema = z.object(shape).check(datesInOrder);
const strictQuerySchema = z.strictObject(shape).check(datesInOrder);

const PARAMS = Object.keys(shape);

export function toParamEntries(params: SearchParamsInput): [string, string][] {
  // Duck-typed: Next's ReadonlyURLSearchParams and URLSearchParams from another realm qualify too.
  if (typeof (params as URLSearchParams).getAll === 'function') {
    return [...(params as URLSearchParams).entries()];
  }
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(params as Record<string, unknown>)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) entries.push([name, String(item)]);
  }
  return entries;
}

/** Values by parameter name, trimmed; empty values mean absent. */
function groupByName(entries: [string, string][]): Record<string, string[]> {
  // A Map, then own properties: `?constructor=1` or `?__proto__=x` is a name like any other.
  const byName = new Map<string, string[]>();
  for (const [name, raw] of entries) {
    const value = raw.trim();
    if (value === '' && PARAMS.includes(name)) continue;
    const values = byName.get(name);
    if (values) values.push(value);
    else byName.set(name, [value]);
  }
  return Object.fromEntries(byName);
}

/**
 * Parses a query string (or Next's `searchParams` object) into a BriefFilter. Facets repeat
 * (`?tag=a&tag=b`) and are never split on commas: product names contain commas. Unknown
 * parameter names are an error unless `allowUnknown` (pages ignore utm junk).
 */
export function parseBriefFilter(
  params: SearchParamsInput,
  opts: { allowUnknown?: boolean } = {},
): ParseFilterResult {
  const schema = opts.allowUnknown ? querySchema : strictQuerySchema;
  const entries = toParamEntries(params);
  // Checked here, not only by the strict schema: it does not see a `__proto__` key.
  const stray = opts.allowUnknown ? undefined : entries.find(([name]) => !PARAMS.includes(name));
  if (stray) return unknownParameter(stray[0]);
  const parsed = schema.safeParse(groupByName(entries));
  if (parsed.success) {
    const { page, pageSize, ...rest } = parsed.data;
    const filter: BriefFilter = { ...emptyFilter(), page: page ?? 1 };
    if (pageSize !== undefined) filter.pageSize = pageSize;
    const { epss_min: epssMin, ...named } = rest;
    if (epssMin !== undefined) filter.epssMin = epssMin;
    for (const [name, value] of Object.entries(named)) {
      if (value !== undefined) (filter as Record<string, unknown>)[name] = value;
    }
    return { ok: true, filter };
  }
  const unknown = parsed.error.issues.find((i) => i.code === 'unrecognized_keys');
  if (unknown) return unknownParameter(unknown.keys[0] ?? '');
  const issue = parsed.error.issues[0]!;
  const parameter = String(issue.path[0]);
  return { ok: false, error: { parameter, message: `${parameter} ${issue.message}` } };
}

function unknownParameter(name: string): ParseFilterResult {
  return {
    ok: false,
    error: {
      parameter: name,
      message: `${quote(name)} is not a known parameter; allowed: ${PARAMS.join(', ')}`,
    },
  };
}

/**
 * Parses the query of an export or a whole-view page. `page` and `pageSize` are accepted and
 * ignored, whatever their value; every other parameter is checked as the list checks it.
 */
export function parseViewFilter(
  params: SearchParamsInput,
  opts: { allowUnknown?: boolean } = {},
): ParseFilterResult {
  const input = new URLSearchParams(toParamEntries(params));
  input.delete('page');
  input.delete('pageSize');
  return parseBriefFilter(input, opts);
}

export function emptyFilter(): BriefFilter {
  const {
    exploited: _exploited,
    poc: _poc,
    ioc: _ioc,
    kev: _kev,
    epss: _epss,
    ...facets
  } = emptyFacetLists<string>();
  return {
    ...facets,
    exploited: null,
    poc: null,
    ioc: null,
    kev: null,
    epssMin: null,
    q: '',
    from: null,
    to: null,
    since: null,
    sort: null,
    page: 1,
    pageSize: DEFAULT_PAGE_SIZE,
  };
}

/** A filter as query parameters: fixed order, defaults and empty values left out. */
export function filterToSearchParams(filter: BriefFilter): URLSearchParams {
  const params = new URLSearchParams();
  const set = (name: string, value: string | null) => {
    const trimmed = value?.trim();
    if (trimmed) params.append(name, trimmed);
  };
  set('q', filter.q);
  for (const facet of FACETS) for (const value of filter[facet]) set(facet, value);
  if (filter.exploited !== null) set('exploited', String(filter.exploited));
  if (filter.poc !== null) set('poc', String(filter.poc));
  if (filter.ioc !== null) set('ioc', String(filter.ioc));
  if (filter.kev !== null) set('kev', String(filter.kev));
  if (filter.epssMin !== null) set('epss_min', String(filter.epssMin));
  set('from', filter.from);
  set('to', filter.to);
  set('since', filter.since);
  set('sort', filter.sort);
  if (filter.page !== 1) set('page', String(filter.page));
  if (filter.pageSize !== DEFAULT_PAGE_SIZE) set('pageSize', String(filter.pageSize));
  return params;
}

/** The canonical query string of a filter: a view's identity, in links and query keys. */
export function toQueryString(filter: BriefFilter): string {
  return filterToSearchParams(filter).toString();
}

/** A value as the parser would normalise it; null when the parser would reject it. */
export function normaliseFacetValue(facet: FacetName, value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > FILTER_LIMITS.maxFacetValueLength) return null;
  const result = FACET_CHECKS[facet](trimmed);
  return 'value' in result ? result.value : null;
}
