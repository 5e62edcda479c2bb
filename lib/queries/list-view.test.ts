import { describe, expect, it } from 'vitest';
import type { BriefListResponse } from '@/lib/api/types';
import {
  FACETS,
  FLAGS,
  emptyFacetLists,
  type FacetCount,
  type FacetTotals,
} from '@/lib/briefs/filter/types';
import { emptyFilter } from '@/lib/briefs/filter/url';
import { PANEL_TOP_VALUES, toListView } from './list-view';

const values = (n: number, prefix = 'v'): FacetCount[] =>
  Array.from({ length: n }, (_, i) => ({ value: `${prefix}${i}`, count: 100 - i }));

function answer(facets: Partial<BriefListResponse['facets']>): BriefListResponse {
  return {
    items: [],
    total: 0,
    page: 1,
    pageSize: 50,
    facets: { ...emptyFacetLists<FacetCount>(), ...facets },
    facetTotals: Object.fromEntries([...FACETS, ...FLAGS].map((f) => [f, 2000])) as FacetTotals,
    source: {} as BriefListResponse['source'],
  };
}

describe('toListView', () => {
  it('cuts an open-ended facet to its top values, keeping a selected one further down', () => {
    const filter = { ...emptyFilter(), tag: ['V42'] };
    const view = toListView(answer({ tag: values(50) }), filter);
    expect(view.facets.tag.map((v) => v.value)).toEqual([
      ...values(PANEL_TOP_VALUES).map((v) => v.value),
      'v42',
    ]);
  });

  it('keeps short facets whole, and severity, type and tactic as they are', () => {
    const view = toListView(
      answer({ vendor: values(12), tactic: values(14), severity: values(6) }),
      emptyFilter(),
    );
    expect(view.facets.vendor).toHaveLength(12);
    expect(view.facets.tactic).toHaveLength(14);
    expect(view.facets.severity).toHaveLength(6);
  });
});
