import { countBits, intersect, type Bitset } from '@/lib/briefs/search/bitset';
import {
  findFacetValueIds,
  type BriefIndex,
  type FacetIndex,
} from '@/lib/briefs/search/brief-index';
import { isFacetValueSelected } from '@/lib/briefs/filter/edit';
import type { IndexSignals } from '@/lib/signals/brief-signals';
import { toLowerKey } from '@/lib/briefs/filter/facet-keys';
import {
  FACET_TOP_VALUES,
  EPSS_STEPS,
  FACETS,
  FLAGS,
  type BriefFilter,
  type FacetCount,
  type FacetCounts,
  type FacetName,
  type FacetTotals,
  type FlagName,
} from '@/lib/briefs/filter/types';

// Facet counts of a query (query.ts): disjunctive (each facet counted over the briefs that match
// every OTHER active constraint), ordered, and capped to each facet's top values.

export function intersectAll(sets: readonly Bitset[]): Bitset | null {
  if (sets.length === 0) return null;
  return sets.slice(1).reduce(intersect, sets[0]!);
}

/** Per value id, the briefs in `mask` carrying it; a null mask means every brief. */
export function countValues(facet: FacetIndex, mask: Bitset | null): Uint32Array {
  if (!mask) return facet.totalCounts;
  const counts = new Uint32Array(facet.values.length);
  const { offsets, valueIds } = facet;
  for (let word = 0; word < mask.length; word++) {
    let w = mask[word]!;
    while (w !== 0) {
      const lowest = w & -w;
      const position = (word << 5) + 31 - Math.clz32(lowest);
      w ^= lowest;
      for (let j = offsets[position]!; j < offsets[position + 1]!; j++) counts[valueIds[j]!]!++;
    }
  }
  return counts;
}

function compareZeroEntries(a: FacetCount, b: FacetCount): number {
  const [ka, kb] = [toLowerKey(a.value), toLowerKey(b.value)];
  return ka < kb ? -1 : ka > kb ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/**
 * Count desc, then value asc (case-insensitive). Values with no match are left out unless
 * selected, so a selected chip stays visible. Bucketed by count over the precomputed display
 * order: no string sorting per query, even for thousands of values.
 */
export function toFacetCountList(
  facet: FacetIndex,
  counts: Uint32Array,
  selected: readonly string[],
): FacetCount[] {
  const buckets = new Map<number, number[]>();
  for (const id of facet.valueIdsInOrder) {
    const count = counts[id]!;
    if (count === 0) continue;
    const bucket = buckets.get(count);
    if (bucket) bucket.push(id);
    else buckets.set(count, [id]);
  }
  const list: FacetCount[] = [];
  for (const count of [...buckets.keys()].sort((a, b) => b - a)) {
    for (const id of buckets.get(count)!) list.push({ value: facet.values[id]!, count });
  }

  const zeros: FacetCount[] = [];
  for (const value of selected) {
    const ids = findFacetValueIds(facet, value);
    if (ids.some((id) => counts[id]! > 0)) continue;
    const shown = ids.length > 0 ? facet.values[ids[0]!]! : value;
    if (!zeros.some((entry) => entry.value === shown)) zeros.push({ value: shown, count: 0 });
  }
  return list.concat(zeros.sort(compareZeroEntries));
}

export type Constraint = FacetName | FlagName | 'epss';

/** Each facet counted over the briefs that match every constraint but its own. */
export function countFacets(
  index: BriefIndex,
  filter: BriefFilter,
  base: readonly Bitset[],
  active: ReadonlyMap<Constraint, Bitset>,
  matches: Bitset | null,
  signals: IndexSignals,
): FacetCounts {
  const maskFor = (name: Constraint): Bitset | null =>
    active.has(name)
      ? intersectAll([
          ...base,
          ...[...active].filter(([other]) => other !== name).map(([, bits]) => bits),
        ])
      : matches;

  const facets = {} as FacetCounts;
  for (const facet of FACETS) {
    const counts = countValues(index.facets[facet], maskFor(facet));
    facets[facet] = toFacetCountList(index.facets[facet], counts, filter[facet]);
  }
  const flagSets = { exploited: index.exploited, poc: index.poc, ioc: index.ioc, kev: signals.kev };
  // No KEV or EPSS served (both upstreams off): nothing to count (lib/signals/).
  const noSignals = signals.version === 0;
  for (const flag of FLAGS) {
    if (flag === 'kev' && noSignals) {
      facets.kev = [];
      continue;
    }
    const mask = maskFor(flag);
    const selected = filter[flag] === null ? null : String(filter[flag]);
    facets[flag] = (['true', 'false'] as const)
      .map((value) => {
        const bits = flagSets[flag][value];
        return { value, count: countBits(mask ? intersect(mask, bits) : bits) };
      })
      .filter((entry) => entry.count > 0 || entry.value === selected)
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  }
  facets.epss = noSignals ? [] : countEpssSteps(index, signals, maskFor('epss'), filter.epssMin);
  return facets;
}

/** Per `epss_min` step (and the selected value), the briefs in `mask` whose highest EPSS reaches it. */
function countEpssSteps(
  index: BriefIndex,
  signals: IndexSignals,
  mask: Bitset | null,
  selected: number | null,
): FacetCount[] {
  const steps = [...EPSS_STEPS.map(Number)];
  if (selected !== null && !steps.includes(selected)) steps.push(selected);
  steps.sort((a, b) => a - b);
  const floors = steps.map((step) => Math.fround(step));
  const counts = new Array<number>(steps.length).fill(0);
  for (let p = 0; p < index.size; p++) {
    if (mask && !((mask[p >>> 5]! >>> (p & 31)) & 1)) continue;
    const score = signals.maxEpss[p]!;
    if (Number.isNaN(score)) continue;
    for (let i = 0; i < floors.length && score >= floors[i]!; i++) counts[i]!++;
  }
  return steps.map((step, i) => ({ value: String(step), count: counts[i]! }));
}

/** Each facet's list cut to its top values (selected ones kept), with its length before the cut. */
export function capFacets(
  facets: FacetCounts,
  filter: BriefFilter,
): { facets: FacetCounts; facetTotals: FacetTotals } {
  const capped = {} as FacetCounts;
  const facetTotals = {} as FacetTotals;
  for (const name of [...FACETS, ...FLAGS, 'epss'] as const) {
    const list = facets[name];
    facetTotals[name] = list.length;
    if (
      name === 'exploited' ||
      name === 'poc' ||
      name === 'ioc' ||
      name === 'kev' ||
      name === 'epss' ||
      list.length <= FACET_TOP_VALUES
    ) {
      capped[name] = list;
      continue;
    }
    // A selected value stays listed wherever it ranks, so its checkbox stays on screen.
    capped[name] =
      filter[name].length === 0
        ? list.slice(0, FACET_TOP_VALUES)
        : list.filter(
            (entry, i) => i < FACET_TOP_VALUES || isFacetValueSelected(filter, name, entry.value),
          );
  }
  return { facets: capped, facetTotals };
}
