import {
  addPositions,
  countBits,
  createBitset,
  hasPosition,
  rangeBitset,
  type Bitset,
} from '@/lib/briefs/search/bitset';
import { toFilterForms } from '@/lib/briefs/filter/facet-match';
import { keptBits, toExclusionKey } from '@/lib/briefs/search/exclusion';
import { findFacetPositions, type BriefIndex } from '@/lib/briefs/search/brief-index';
import {
  FACETS,
  FLAGS,
  type BriefFilter,
  type BriefQueryResult,
  type FacetName,
  type Sort,
} from '@/lib/briefs/filter/types';
import { filterToSearchParams } from '@/lib/briefs/filter/url';
import { toSinceTime } from '@/lib/briefs/filter/since';
import {
  capFacets,
  countFacets,
  intersectAll,
  type Constraint,
} from '@/lib/briefs/search/facet-counts';
import { searchTextIndex, type TextMatches } from '@/lib/briefs/search/text-search';
import type { BriefListItem } from '@/lib/briefs/types';
import type { IndicatorMatch } from '@/lib/briefs/filter/types';
import { searchIndicator } from '@/lib/briefs/search/indicator-lookup';
import {
  epssAtLeastBits,
  indexSignals,
  withBriefSignals,
  type IndexSignals,
} from '@/lib/signals/brief-signals';
import { NO_SIGNALS, type CveSignals, hasSignals } from '@/lib/signals/types';

// Runs a BriefFilter against a BriefIndex: facets AND across, OR within; counts are disjunctive
// (each facet counted over the briefs that match every OTHER active constraint, so a second
// value of a facet can still be picked). `technique=T1059` also matches briefs carrying only
// T1059.001, while technique counts stay per id as carried. Results are cached on the index and
// shared: read-only.

const DAY_MS = 86_400_000;

/** The cache key: the filter's query string with facet values sorted (OR ignores order). */
export function toQueryKey(filter: BriefFilter): string {
  const sorted = { ...filter };
  for (const facet of FACETS) sorted[facet] = [...filter[facet]].sort();
  return filterToSearchParams(sorted).toString();
}

function dayStart(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!);
}

/** First position whose date is below `time` (dates descend with position). */
function firstBelow(dates: Float64Array, time: number): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dates[mid]! < time) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Inclusive UTC days; a brief whose date does not parse matches no date range. */
function dateRangeBits(index: BriefIndex, from: string | null, to: string | null): Bitset {
  const start = to ? firstBelow(index.dates, dayStart(to) + DAY_MS) : 0;
  const end = firstBelow(index.dates, from ? dayStart(from) : -Number.MAX_VALUE);
  return rangeBitset(index.size, start, end);
}

/** Published or modified at or after `since`; dates descend, so the published part is a prefix. */
function sinceBits(index: BriefIndex, since: string): Bitset {
  const time = toSinceTime(since);
  const published = firstBelow(index.dates, time);
  const bits = rangeBitset(index.size, 0, published);
  const updated: number[] = [];
  for (let position = published; position < index.size; position++) {
    if (index.modified[position]! >= time) updated.push(position);
  }
  addPositions(bits, updated);
  return bits;
}

function searchText(index: BriefIndex, q: string): TextMatches | null {
  const cached = index.textCache.get(q);
  if (cached !== undefined) return cached;
  const matches = searchTextIndex(index.text, q);
  index.textCache.set(q, matches);
  return matches;
}

/**
 * A search that looks like an indicator also finds the briefs carrying exactly that value: they
 * rank first (newest first among them), then the text matches that are not among them.
 */
function searchTextAndIndicator(
  index: BriefIndex,
  q: string,
): { text: TextMatches | null; indicator: IndicatorMatch | null } {
  const text = searchText(index, q);
  const found = searchIndicator(index.indicators, q);
  if (!found) return { text, indicator: null };
  if (found.positions.length === 0) return { text, indicator: found.match };
  const first = new Set(found.positions);
  const rest = text ? Array.from(text.positions).filter((p) => !first.has(p)) : [];
  const positions = Uint32Array.from([...found.positions, ...rest]);
  return {
    text: { positions, scores: new Float64Array(positions.length) },
    indicator: found.match,
  };
}

function facetBits(index: BriefIndex, facet: FacetName, values: readonly string[]): Bitset {
  const bits = createBitset(index.size);
  for (const value of values) {
    for (const form of toFilterForms(facet, value)) {
      const positions = findFacetPositions(index.facets[facet], form);
      if (positions) addPositions(bits, positions);
    }
  }
  return bits;
}

/** The briefs in every set; null (every brief) when there is no set. */

function resolveSort(filter: BriefFilter, text: TextMatches | null): Sort {
  const sort = filter.sort ?? (text ? 'relevance' : 'newest');
  return sort === 'relevance' && !text ? 'newest' : sort;
}

/** The page of matches in the requested order, walking a precomputed order and testing bits. */
function pageItems(
  index: BriefIndex,
  matches: Bitset | null,
  order: ArrayLike<number> | null,
  start: number,
  end: number,
): BriefListItem[] {
  const items: BriefListItem[] = [];
  let seen = 0;
  const length = order ? order.length : index.size;
  for (let i = 0; i < length && seen < end; i++) {
    const position = order ? order[i]! : i;
    if (matches && !hasPosition(matches, position)) continue;
    if (seen >= start) items.push(index.summaries[position]!);
    seen++;
  }
  return items;
}

interface Constraints {
  /** Kept by every facet count: dates and text. */
  base: Bitset[];
  /** Left out of their own facet's count. */
  active: Map<Constraint, Bitset>;
  text: TextMatches | null;
  indicator: IndicatorMatch | null;
}

function toConstraints(
  index: BriefIndex,
  filter: BriefFilter,
  sig: IndexSignals,
  excluded?: ReadonlySet<string>,
): Constraints {
  const base: Bitset[] = [];
  if (excluded && excluded.size > 0) base.push(keptBits(index, excluded));
  if (filter.from || filter.to) base.push(dateRangeBits(index, filter.from, filter.to));
  if (filter.since) base.push(sinceBits(index, filter.since));
  const q = filter.q.trim();
  const { text, indicator } = q
    ? searchTextAndIndicator(index, q)
    : { text: null, indicator: null };
  if (text) {
    const bits = createBitset(index.size);
    addPositions(bits, text.positions);
    base.push(bits);
  }
  // Constraints a facet's own count leaves out.
  const active = new Map<Constraint, Bitset>();
  for (const facet of FACETS) {
    if (filter[facet].length > 0) active.set(facet, facetBits(index, facet, filter[facet]));
  }
  const flagSets = { exploited: index.exploited, poc: index.poc, ioc: index.ioc, kev: sig.kev };
  for (const flag of FLAGS) {
    const value = filter[flag];
    if (value !== null) active.set(flag, flagSets[flag][value ? 'true' : 'false']);
  }
  if (filter.epssMin !== null) active.set('epss', epssAtLeastBits(index, sig, filter.epssMin));
  return { base, active, text, indicator };
}

/** The briefs one facet is counted over: every constraint of `filter` but that facet's own. */
export function facetMask(
  index: BriefIndex,
  filter: BriefFilter,
  facet: FacetName,
  signals: CveSignals = NO_SIGNALS,
): Bitset | null {
  const { base, active } = toConstraints(index, filter, indexSignals(index, signals));
  return intersectAll([
    ...base,
    ...[...active].filter(([name]) => name !== facet).map(([, b]) => b),
  ]);
}

function runQuery(
  index: BriefIndex,
  filter: BriefFilter,
  signals: CveSignals,
  excluded?: ReadonlySet<string>,
): BriefQueryResult {
  const sig = indexSignals(index, signals);
  const { base, active, text, indicator } = toConstraints(index, filter, sig, excluded);
  const matches = intersectAll([...base, ...active.values()]);
  // The signals' version is part of each key: a new EPSS day is a new answer, same index.
  const facetKey = `${toQueryKey({ ...filter, page: 1, pageSize: 0, sort: null })}#${sig.version}${toExclusionKey(excluded)}`;
  let counted = index.facetCache.get(facetKey);
  if (!counted) {
    counted = capFacets(countFacets(index, filter, base, active, matches, sig), filter);
    // Frozen because the cache hands the same object to every caller.
    for (const list of Object.values(counted.facets)) Object.freeze(list);
    Object.freeze(counted.facets);
    Object.freeze(counted.facetTotals);
    index.facetCache.set(facetKey, counted);
  }
  const { facets, facetTotals } = counted;
  const total = matches ? countBits(matches) : index.size;
  const start = (filter.page - 1) * filter.pageSize;
  let items: BriefListItem[] = [];
  if (start < total) {
    const sort = resolveSort(filter, text);
    const order =
      sort === 'relevance'
        ? text!.positions
        : sort === 'newest'
          ? null
          : sort === 'epss'
            ? sig.epssOrder
            : index.orders[sort];
    items = pageItems(index, matches, order, start, start + filter.pageSize);
    if (hasSignals(signals)) items = items.map((item) => withBriefSignals(item, signals));
  }

  return Object.freeze({
    items: Object.freeze(items) as BriefListItem[],
    total,
    page: filter.page,
    pageSize: filter.pageSize,
    facets,
    facetTotals,
    ...(indicator && { indicatorMatch: indicator }),
  });
}

/**
 * The page of briefs matching `filter`, with disjunctive facet counts. Repeated queries come
 * from the index's LRU cache, so the result is shared and frozen (items, lists, not entries).
 */
export function queryBriefs(
  index: BriefIndex,
  filter: BriefFilter,
  signals: CveSignals = NO_SIGNALS,
  /** Slug hashes of briefs to leave out (the list's "Hide read"). */
  excluded?: ReadonlySet<string>,
): BriefQueryResult {
  const key = `${toQueryKey(filter)}#${signals.version}${toExclusionKey(excluded)}`;
  const cached = index.queryCache.get(key);
  if (cached) return cached;
  const result = runQuery(index, filter, signals, excluded);
  index.queryCache.set(key, result);
  return result;
}
