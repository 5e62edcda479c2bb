import { resolveTactic } from '@/lib/briefs/attack/tactics';
import { isSameFacetValue, toLowerKey } from '@/lib/briefs/filter/facet-keys';
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
  type Sort,
} from '@/lib/briefs/filter/types';
import { BRIEF_TYPES, SEVERITIES } from '@/lib/briefs/types';

// The one way between a query string and a BriefFilter. parse(filterToSearchParams(f)) deep-equals f
// for every filter the parser produces; links and chips are built from it, never by hand.

export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

type ScalarParam = 'q' | 'exploited' | 'from' | 'to' | 'sort' | 'page' | 'pageSize';
/** Canonical parameter order of filterToSearchParams. */
const PARAM_ORDER: readonly (FacetName | ScalarParam)[] = [
  'q',
  ...FACETS,
  'exploited',
  'from',
  'to',
  'sort',
  'page',
  'pageSize',
];
const KNOWN_PARAMS: ReadonlySet<string> = new Set(PARAM_ORDER);

type Checked = { value: string } | { message: string };

const SEVERITY_ALIASES: Record<string, string> = { rumor: 'rumour' };
// The site shows the `coverage` type as "rule".
const TYPE_ALIASES: Record<string, string> = { rule: 'coverage', rumor: 'rumour' };

function oneOf(allowed: readonly string[], aliases: Record<string, string>) {
  return (raw: string): Checked => {
    const lower = raw.toLowerCase();
    const value = aliases[lower] ?? lower;
    return allowed.includes(value)
      ? { value }
      : { message: `must be one of ${allowed.join(', ')} (got ${quote(raw)})` };
  };
}

function matching(pattern: RegExp, example: string) {
  return (raw: string): Checked =>
    pattern.test(raw)
      ? { value: raw.toUpperCase() }
      : { message: `must look like ${example} (got ${quote(raw)})` };
}

const freeText = (raw: string): Checked => ({ value: raw });

const FACET_CHECKS: Record<FacetName, (raw: string) => Checked> = {
  severity: oneOf(SEVERITIES, SEVERITY_ALIASES),
  type: oneOf(BRIEF_TYPES, TYPE_ALIASES),
  vendor: freeText,
  product: freeText,
  actor: freeText,
  tag: freeText,
  technique: matching(/^T\d{4}(\.\d{3})?$/i, 'T1059 or T1059.001'),
  tactic: (raw) => {
    const tactic = resolveTactic(raw);
    return tactic
      ? { value: tactic.shortname }
      : {
          message: `must be an Enterprise ATT&CK tactic: TA id, shortname or name (got ${quote(raw)})`,
        };
  },
  cve: matching(/^CVE-\d{4}-\d{4,}$/i, 'CVE-2024-12345'),
};

const FREE_TEXT_FACETS: ReadonlySet<FacetName> = new Set(['vendor', 'product', 'actor', 'tag']);

function quote(raw: string): string {
  return JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);
}

export function toEntries(params: SearchParamsInput): [string, string][] {
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

class FilterParseError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter} ${message}`);
  }
}

function parseFacet(facet: FacetName, raws: string[]): string[] {
  const values: string[] = [];
  const seen = new Set<string>();
  for (const raw of raws) {
    if (raw.length > FILTER_LIMITS.maxFacetValueLength) {
      throw new FilterParseError(
        facet,
        `values must be at most ${FILTER_LIMITS.maxFacetValueLength} characters`,
      );
    }
    const checked = FACET_CHECKS[facet](raw);
    if ('message' in checked) throw new FilterParseError(facet, checked.message);
    // Free text matches case-insensitively, so `Amazon` and `amazon` are one value.
    const key = FREE_TEXT_FACETS.has(facet) ? toLowerKey(checked.value) : checked.value;
    if (seen.has(key)) continue;
    seen.add(key);
    values.push(checked.value);
    if (values.length > FILTER_LIMITS.maxFacetValues) {
      throw new FilterParseError(
        facet,
        `takes at most ${FILTER_LIMITS.maxFacetValues} different values`,
      );
    }
  }
  return values;
}

function parseWholeNumber(param: string, raw: string, min: number, max: number): number {
  const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) {
    throw new FilterParseError(
      param,
      `must be a whole number from ${min} to ${max} (got ${quote(raw)})`,
    );
  }
  return n;
}

function parseDay(param: string, raw: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    // Date.UTC rolls 2024-02-30 over to March; a real calendar date survives the round trip.
    if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d) {
      return raw;
    }
  }
  throw new FilterParseError(param, `must be a calendar date YYYY-MM-DD (got ${quote(raw)})`);
}

function parseScalar(filter: BriefFilter, param: ScalarParam, raw: string): void {
  switch (param) {
    case 'q':
      if (raw.length > FILTER_LIMITS.maxQueryLength) {
        throw new FilterParseError(
          'q',
          `must be at most ${FILTER_LIMITS.maxQueryLength} characters (got ${raw.length})`,
        );
      }
      filter.q = raw;
      return;
    case 'exploited': {
      const lower = raw.toLowerCase();
      if (lower !== 'true' && lower !== 'false') {
        throw new FilterParseError('exploited', `must be true or false (got ${quote(raw)})`);
      }
      filter.exploited = lower === 'true';
      return;
    }
    case 'from':
    case 'to':
      filter[param] = parseDay(param, raw);
      return;
    case 'sort': {
      const lower = raw.toLowerCase();
      if (!(SORTS as readonly string[]).includes(lower)) {
        throw new FilterParseError(
          'sort',
          `must be one of ${SORTS.join(', ')} (got ${quote(raw)})`,
        );
      }
      filter.sort = lower as Sort;
      return;
    }
    case 'page':
      filter.page = parseWholeNumber('page', raw, 1, FILTER_LIMITS.maxPage);
      return;
    case 'pageSize':
      filter.pageSize = parseWholeNumber('pageSize', raw, 1, MAX_PAGE_SIZE);
      return;
  }
}

/**
 * Parses a query string (or Next's `searchParams` object) into a BriefFilter. Facets repeat
 * (`?tag=a&tag=b`) and are never split on commas: product names contain commas. Empty values mean
 * absent. Unknown parameter names are an error unless `allowUnknown` (pages ignore utm junk).
 */
export function parseBriefFilter(
  params: SearchParamsInput,
  opts: { allowUnknown?: boolean } = {},
): ParseFilterResult {
  const byName = new Map<string, string[]>();
  for (const [name, rawValue] of toEntries(params)) {
    if (!KNOWN_PARAMS.has(name)) {
      if (opts.allowUnknown) continue;
      return {
        ok: false,
        error: {
          parameter: name,
          message: `${quote(name)} is not a known parameter; allowed: ${PARAM_ORDER.join(', ')}`,
        },
      };
    }
    const value = rawValue.trim();
    if (value === '') continue;
    const values = byName.get(name);
    if (values) values.push(value);
    else byName.set(name, [value]);
  }

  const filter = emptyFilter();
  try {
    for (const name of PARAM_ORDER) {
      const raws = byName.get(name);
      if (!raws) continue;
      if ((FACETS as readonly string[]).includes(name)) {
        filter[name as FacetName] = parseFacet(name as FacetName, raws);
        continue;
      }
      if (raws.length > 1) throw new FilterParseError(name, 'may be given only once');
      parseScalar(filter, name as ScalarParam, raws[0] as string);
    }
    if (filter.from && filter.to && filter.from > filter.to) {
      throw new FilterParseError('from', `(${filter.from}) must not be after to (${filter.to})`);
    }
  } catch (error) {
    if (error instanceof FilterParseError) {
      return { ok: false, error: { parameter: error.parameter, message: error.message } };
    }
    throw error;
  }
  return { ok: true, filter };
}

export function emptyFilter(): BriefFilter {
  const { exploited: _counts, ...facets } = emptyFacetLists<string>();
  return {
    ...facets,
    exploited: null,
    q: '',
    from: null,
    to: null,
    sort: null,
    page: 1,
    pageSize: DEFAULT_PAGE_SIZE,
  };
}

/** The canonical query string of a filter: fixed parameter order, defaults and empty values left out. */
export function filterToSearchParams(filter: BriefFilter): URLSearchParams {
  const params = new URLSearchParams();
  const set = (name: string, value: string | null) => {
    const trimmed = value?.trim();
    if (trimmed) params.append(name, trimmed);
  };
  set('q', filter.q);
  for (const facet of FACETS) for (const value of filter[facet]) set(facet, value);
  if (filter.exploited !== null) set('exploited', String(filter.exploited));
  set('from', filter.from);
  set('to', filter.to);
  set('sort', filter.sort);
  if (filter.page !== 1) set('page', String(filter.page));
  if (filter.pageSize !== DEFAULT_PAGE_SIZE) set('pageSize', String(filter.pageSize));
  return params;
}

function isSameSetting(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((value, i) => value === b[i]);
  }
  return a === b;
}

/**
 * The href of the list with `patch` applied. A patch that changes anything but `page` sends the
 * reader back to page 1 (a new result set), unless it sets `page` itself.
 */
export function toListHref(
  filter: BriefFilter,
  patch: Partial<BriefFilter> = {},
  pathname = '/',
): string {
  const next: BriefFilter = { ...filter };
  let changed = false;
  for (const [name, value] of Object.entries(patch) as [keyof BriefFilter, unknown][]) {
    if (value === undefined) continue;
    if (name !== 'page' && !isSameSetting(filter[name], value)) changed = true;
    (next as Record<string, unknown>)[name] = value;
  }
  if (changed && patch.page === undefined) next.page = 1;
  const query = filterToSearchParams(next).toString();
  return query ? `${pathname}?${query}` : pathname;
}

/** Normalises a value the way the parser would; null when the parser would reject it. */
function normaliseFacetValue(facet: FacetName, value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > FILTER_LIMITS.maxFacetValueLength) return null;
  const checked = FACET_CHECKS[facet](trimmed);
  return 'value' in checked ? checked.value : null;
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

const FACET_LABELS: Record<FacetName, string> = {
  severity: 'Severity',
  type: 'Type',
  vendor: 'Vendor',
  product: 'Product',
  actor: 'Actor',
  tag: 'Tag',
  technique: 'Technique',
  tactic: 'Tactic',
  cve: 'CVE',
};

function toValueLabel(facet: FacetName, value: string): string {
  if (facet === 'type' && value === 'coverage') return 'rule';
  if (facet === 'tactic') return resolveTactic(value)?.name ?? value;
  return value;
}

export interface FilterChip {
  facet: FacetName | 'q' | 'exploited' | 'from' | 'to';
  value: string;
  label: string;
  /** The list without this chip. */
  href: string;
}

/** One chip per active constraint (facet values, search, exploited, dates); each href removes it. */
export function activeFilterChips(filter: BriefFilter, pathname = '/'): FilterChip[] {
  const chips: FilterChip[] = [];
  const q = filter.q.trim();
  if (q) {
    chips.push({
      facet: 'q',
      value: q,
      label: `Search: ${q}`,
      href: toListHref(filter, { q: '' }, pathname),
    });
  }
  for (const facet of FACETS) {
    for (const value of filter[facet]) {
      chips.push({
        facet,
        value,
        label: `${FACET_LABELS[facet]}: ${toValueLabel(facet, value)}`,
        href: toListHref(filter, { [facet]: filter[facet].filter((v) => v !== value) }, pathname),
      });
    }
  }
  if (filter.exploited !== null) {
    chips.push({
      facet: 'exploited',
      value: String(filter.exploited),
      label: filter.exploited ? 'Exploited' : 'Not exploited',
      href: toListHref(filter, { exploited: null }, pathname),
    });
  }
  for (const bound of ['from', 'to'] as const) {
    const value = filter[bound];
    if (value) {
      chips.push({
        facet: bound,
        value,
        label: `${bound === 'from' ? 'From' : 'To'} ${value}`,
        href: toListHref(filter, { [bound]: null }, pathname),
      });
    }
  }
  return chips;
}

/**
 * Parses the query of an export or a whole-view page. `page` and `pageSize` are accepted and
 * ignored, whatever their value; every other parameter is checked as the list checks it.
 */
export function parseViewFilter(
  params: SearchParamsInput,
  opts: { allowUnknown?: boolean } = {},
): ParseFilterResult {
  const input = new URLSearchParams(toEntries(params));
  input.delete('page');
  input.delete('pageSize');
  return parseBriefFilter(input, opts);
}
