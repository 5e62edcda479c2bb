import { addPositions, createBitset, type Bitset } from '@/lib/briefs/search/bitset';
import { toLowerKey } from '@/lib/briefs/filter/facet-keys';
import { isSlugForm, unionSorted } from '@/lib/briefs/filter/facet-match';
import { toParentTechnique, toSlug } from '@/lib/briefs/identifiers';
import { FACETS, type BriefQueryResult, type FacetName } from '@/lib/briefs/filter/types';
import { LruCache } from '@/lib/briefs/search/lru-cache';
import { stepwiseBuild } from '@/lib/briefs/search/stepwise-build';
import { buildIndicatorLookup, type IndicatorLookup } from '@/lib/briefs/search/indicator-lookup';
import { textIndexSteps, type TextIndex, type TextMatches } from '@/lib/briefs/search/text-search';
import { SEVERITIES, type BriefListItem, type IndexedBrief } from '@/lib/briefs/types';

// Over 300 lines because it is one build over one pass of the briefs (facets, flags, orders,
// indicator lookup); the text index, bitsets and the stepwise build are modules of their own.
// Everything a query needs, computed once per ingest so that a query does no string work over
// all briefs: positions are indexes into the newest-first order, and sets of positions are
// sorted arrays (per facet value) or bitsets (per query).

/** One facet. A "value" groups the spellings that lower-case alike (`Amazon`, `amazon`). */
export interface FacetIndex {
  /** Display form of each value id: its most common spelling. */
  readonly values: readonly string[];
  /** Value ids in display order (case-insensitive), so count lists need no string sorting. */
  readonly valueIdsInOrder: Uint32Array;
  /**
   * Lower-cased key -> sorted positions of the briefs it matches. For techniques a parent key
   * (`t1059`) also matches every brief carrying one of its sub-techniques (`T1059.001`).
   */
  readonly positionsByLowerKey: ReadonlyMap<string, Uint32Array>;
  /** Slug key (`splunk-enterprise`) -> sorted positions; used when the lower-cased key misses. */
  readonly positionsBySlugKey: ReadonlyMap<string, Uint32Array>;
  readonly valueIdByLowerKey: ReadonlyMap<string, number>;
  readonly valueIdsBySlugKey: ReadonlyMap<string, readonly number[]>;
  /** Briefs carrying each value id, over all briefs: the counts whenever nothing constrains. */
  readonly totalCounts: Uint32Array;
  /** The value ids brief `p` carries are valueIds[offsets[p]] .. valueIds[offsets[p + 1] - 1]. */
  readonly offsets: Uint32Array;
  readonly valueIds: Uint32Array;
}

export interface BriefIndex {
  readonly size: number;
  /** Newest first (by date, then slug); a brief's position is its index here. */
  readonly briefs: readonly IndexedBrief[];
  /** The list form of each brief, built once and frozen: results share these objects. */
  readonly summaries: readonly BriefListItem[];
  /** Published time in ms by position (descending); -Infinity when the date does not parse. */
  readonly dates: Float64Array;
  /** Modified time in ms by position; -Infinity when absent or unparsable. */
  readonly modified: Float64Array;
  readonly exploited: { readonly true: Bitset; readonly false: Bitset };
  /** hasPoc is never unknown: a brief without the flag or references has no public PoC. */
  readonly poc: { readonly true: Bitset; readonly false: Bitset };
  /** Briefs with and without indicators of compromise. */
  readonly ioc: { readonly true: Bitset; readonly false: Bitset };
  /** Exact indicator values -> briefs (lib/briefs/search/indicator-lookup.ts). */
  readonly indicators: IndicatorLookup;
  readonly facets: Readonly<Record<FacetName, FacetIndex>>;
  /** Positions in each non-default sort order (newest is the identity). */
  readonly orders: {
    readonly oldest: Uint32Array;
    readonly severity: Uint32Array;
    readonly updated: Uint32Array;
  };
  /** Built on its first read, or by prepareText (see below). */
  readonly text: TextIndex;
  /**
   * Builds the text index a step at a time, giving the event loop a turn between steps, so that
   * requests are answered while it is built; a read of `text` meanwhile finishes it at once.
   */
  prepareText(): Promise<void>;
  /** The text index is built (prepareText would resolve at once). */
  textReady(): boolean;
  /** Keyed by the canonical query string; belongs to this index, so a rebuild starts empty. */
  readonly queryCache: LruCache<string, BriefQueryResult>;
  /** Facet counts ignore page and sort: paging through one view counts once. */
  readonly facetCache: LruCache<string, Pick<BriefQueryResult, 'facets' | 'facetTotals'>>;
  /** Keyed by q: facet clicks under one search reuse its matches. */
  readonly textCache: LruCache<string, TextMatches | null>;
  getBySlug(slug: string): IndexedBrief | undefined;
}

const QUERY_CACHE_SIZE = 64;
const TEXT_CACHE_SIZE = 32;

const FACET_VALUES: Record<FacetName, (brief: IndexedBrief) => readonly string[]> = {
  // The headline severity, the one the list shows; `severities` may hold lesser ones too.
  severity: (brief) => (brief.severity ? [brief.severity] : []),
  type: (brief) => (brief.type ? [brief.type] : []),
  vendor: (brief) => brief.vendors,
  product: (brief) => brief.products,
  actor: (brief) => brief.actors,
  tag: (brief) => brief.tags,
  technique: (brief) => brief.techniques.map((technique) => technique.id),
  tactic: (brief) => brief.tactics,
  cve: (brief) => brief.cves.map((cve) => cve.id),
  // Absent on a brief saved before indicators were read.
  ioc_type: (brief) => brief.iocTypes ?? [],
};

/** Interned lists (lib/serving/value-interner.ts) are frozen already and shared as they are. */
const frozen = (list: string[]): string[] =>
  Object.isFrozen(list) ? list : (Object.freeze([...list]) as string[]);

export function toBriefSummary(brief: IndexedBrief): BriefListItem {
  return Object.freeze({
    slug: brief.slug,
    title: brief.title,
    summary: brief.summary,
    date: brief.date,
    modified: brief.modified,
    type: brief.type,
    severity: brief.severity,
    vendors: frozen(brief.vendors),
    products: frozen(brief.products),
    actors: frozen(brief.actors),
    tags: frozen(brief.tags),
    exploited: brief.exploited,
    hasPoc: brief.hasPoc,
    cves: Object.freeze(brief.cves.map((cve) => cve.id)) as string[],
    techniques: Object.freeze(brief.techniques.map((technique) => technique.id)) as string[],
    ...(brief.changed && { changed: Object.freeze(brief.changed) }),
  });
}

/** Positions by the brief's last change, newest first: a change seen here, date_modified, or publication. */
function sortByLastChange(briefs: readonly IndexedBrief[]): Uint32Array {
  const last = Float64Array.from(briefs, (brief) =>
    Math.max(
      toTime(brief.date),
      brief.modified ? toTime(brief.modified) : -Infinity,
      brief.changed ? toTime(brief.changed.at) : -Infinity,
    ),
  );
  return sortPositions(briefs.length, (a, b) => last[b]! - last[a]! || a - b);
}

function toTime(date: string): number {
  const time = Date.parse(date);
  return Number.isNaN(time) ? -Infinity : time;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Appends `position` once: positions arrive in ascending order, so only the last can repeat. */
function addToPostings(postings: Map<string, number[]>, key: string, position: number): void {
  const list = postings.get(key);
  if (!list) postings.set(key, [position]);
  else if (list[list.length - 1] !== position) list.push(position);
}

function toSortedArrays(postings: Map<string, number[]>): Map<string, Uint32Array> {
  return new Map([...postings].map(([key, list]) => [key, Uint32Array.from(list)]));
}

function buildFacetIndex(facet: FacetName, briefs: readonly IndexedBrief[]): FacetIndex {
  const valueIdByLowerKey = new Map<string, number>();
  const lowerKeys: string[] = [];
  const slugKeys: string[] = [];
  const spellings: Map<string, number>[] = [];
  const offsets = new Uint32Array(briefs.length + 1);
  const valueIds: number[] = [];
  const byLower = new Map<string, number[]>();
  const bySlug = new Map<string, number[]>();

  briefs.forEach((brief, position) => {
    const start = valueIds.length;
    offsets[position] = start;
    for (const raw of FACET_VALUES[facet](brief)) {
      const spelling = raw.trim();
      if (spelling === '') continue;
      const lower = toLowerKey(spelling);
      let id = valueIdByLowerKey.get(lower);
      if (id === undefined) {
        id = lowerKeys.length;
        valueIdByLowerKey.set(lower, id);
        lowerKeys.push(lower);
        slugKeys.push(toSlug(lower));
        spellings.push(new Map());
      }
      if (valueIds.indexOf(id, start) !== -1) continue;
      valueIds.push(id);
      const counts = spellings[id]!;
      counts.set(spelling, (counts.get(spelling) ?? 0) + 1);
      addToPostings(byLower, lower, position);
      const slug = slugKeys[id]!;
      if (slug !== '') addToPostings(bySlug, slug, position);
      const parent = facet === 'technique' ? toParentTechnique(lower) : null;
      if (parent) addToPostings(byLower, parent, position);
    }
  });
  offsets[briefs.length] = valueIds.length;

  // Most common spelling; ties go to the one seen first, i.e. in the newest brief.
  const values = spellings.map((counts) => {
    let best = '';
    let bestCount = 0;
    for (const [spelling, count] of counts) {
      if (count > bestCount) [best, bestCount] = [spelling, count];
    }
    return best;
  });
  const valueIdsInOrder = Uint32Array.from(values, (_, id) => id).sort(
    (a, b) => compareText(lowerKeys[a]!, lowerKeys[b]!) || compareText(values[a]!, values[b]!),
  );

  const valueIdsBySlugKey = new Map<string, number[]>();
  slugKeys.forEach((slug, id) => {
    if (slug === '') return;
    const ids = valueIdsBySlugKey.get(slug);
    if (ids) ids.push(id);
    else valueIdsBySlugKey.set(slug, [id]);
  });

  const totalCounts = new Uint32Array(values.length);
  for (const id of valueIds) totalCounts[id]!++;

  return {
    values,
    valueIdsInOrder,
    totalCounts,
    positionsByLowerKey: toSortedArrays(byLower),
    positionsBySlugKey: toSortedArrays(bySlug),
    valueIdByLowerKey,
    valueIdsBySlugKey,
    offsets,
    valueIds: Uint32Array.from(valueIds),
  };
}

/**
 * The briefs a filter value matches: by its lower-cased form, else by its slug form; a value in
 * slug form matches both (lib/briefs/filter/facet-match.ts).
 */
export function findFacetPositions(facet: FacetIndex, value: string): Uint32Array | undefined {
  const exact = facet.positionsByLowerKey.get(toLowerKey(value));
  if (exact && !isSlugForm(value)) return exact;
  return unionSorted([exact, facet.positionsBySlugKey.get(toSlug(value))]);
}

/** The value ids a filter value names (none when no brief carries it exactly). */
export function findFacetValueIds(facet: FacetIndex, value: string): readonly number[] {
  const id = facet.valueIdByLowerKey.get(toLowerKey(value));
  if (id !== undefined) return [id];
  return facet.positionsByLowerKey.has(toLowerKey(value))
    ? [] // a technique parent matched only through its sub-techniques
    : (facet.valueIdsBySlugKey.get(toSlug(value)) ?? []);
}

function sortPositions(size: number, compare: (a: number, b: number) => number): Uint32Array {
  return Uint32Array.from({ length: size }, (_, i) => i).sort(compare);
}

/** A brief's plain text, for the text index only: read while building, never kept by the index. */
export type TextOf = (brief: IndexedBrief) => string;

const ownText: TextOf = (brief) => ('text' in brief ? String(brief.text) : '');

/** The index keeps the briefs it is given: pass list-only copies (toIndexedBrief) to keep bodies off it. */
export function buildBriefIndex(
  input: readonly IndexedBrief[],
  textOf: TextOf = ownText,
): BriefIndex {
  const times = new Map(input.map((brief) => [brief, toTime(brief.date)]));
  const briefs = [...input].sort(
    (a, b) => times.get(b)! - times.get(a)! || compareText(a.slug, b.slug),
  );
  const size = briefs.length;
  const dates = Float64Array.from(briefs, (brief) => times.get(brief)!);

  const bySlug = new Map<string, IndexedBrief>();
  for (const brief of briefs) if (!bySlug.has(brief.slug)) bySlug.set(brief.slug, brief);

  const exploited = { true: createBitset(size), false: createBitset(size) };
  briefs.forEach((brief, position) => {
    if (brief.exploited !== null)
      addPositions(exploited[brief.exploited ? 'true' : 'false'], [position]);
  });
  const poc = { true: createBitset(size), false: createBitset(size) };
  briefs.forEach((brief, position) =>
    addPositions(poc[brief.hasPoc ? 'true' : 'false'], [position]),
  );
  const ioc = { true: createBitset(size), false: createBitset(size) };
  briefs.forEach((brief, position) =>
    addPositions(ioc[(brief.iocCount ?? 0) > 0 ? 'true' : 'false'], [position]),
  );

  const severityRank = (position: number) => {
    const severity = briefs[position]!.severity;
    return severity ? SEVERITIES.indexOf(severity) : SEVERITIES.length;
  };
  const slugAt = (position: number) => briefs[position]!.slug;
  const text = stepwiseBuild(() => textIndexSteps(briefs, textOf));

  return {
    size,
    briefs,
    summaries: briefs.map(toBriefSummary),
    dates,
    modified: Float64Array.from(briefs, (brief) =>
      brief.modified ? toTime(brief.modified) : -Infinity,
    ),
    exploited,
    poc,
    ioc,
    indicators: buildIndicatorLookup(briefs),
    facets: Object.fromEntries(
      FACETS.map((facet) => [facet, buildFacetIndex(facet, briefs)]),
    ) as Record<FacetName, FacetIndex>,
    orders: {
      oldest: sortPositions(
        size,
        (a, b) => dates[a]! - dates[b]! || compareText(slugAt(a), slugAt(b)),
      ),
      severity: sortPositions(size, (a, b) => severityRank(a) - severityRank(b) || a - b),
      updated: sortByLastChange(briefs),
    },
    // Built on first use, the largest part of a build: a restart and a first start's partial
    // indexes serve their briefs without waiting for it (see FeedRefresh.serveFromPages).
    get text() {
      return text.get();
    },
    textReady: text.done,
    prepareText: text.prepare,
    queryCache: new LruCache(QUERY_CACHE_SIZE),
    facetCache: new LruCache(QUERY_CACHE_SIZE),
    textCache: new LruCache(TEXT_CACHE_SIZE),
    getBySlug: (slug) => bySlug.get(slug),
  };
}
