import { describe, expect, it } from 'vitest';
import { buildBriefIndex } from '@/lib/briefs/search/brief-index';
import { listFacetValues } from '@/lib/briefs/search/facet-values';
import { queryBriefs } from '@/lib/briefs/search/query';
import { FACET_TOP_VALUES } from '@/lib/briefs/filter/types';
import { emptyFilter } from '@/lib/briefs/filter/url';
import { makeBrief } from '@/test/support/test-briefs';

// 130 vendors: "Vendor 000" on 130 briefs ... "Vendor 129" on 1, each brief also high or low.
const VENDORS = 130;
const briefs = Array.from({ length: VENDORS }, (_, i) =>
  makeBrief({
    slug: `b-${i}`,
    severity: i % 2 ? 'high' : 'low',
    vendors: Array.from({ length: i + 1 }, (_, v) => `Vendor ${String(v).padStart(3, '0')}`),
  }),
);
const index = buildBriefIndex(briefs);

describe('capped facet lists', () => {
  it('a list answer carries the top values and the number of distinct values', () => {
    const result = queryBriefs(index, emptyFilter());
    expect(result.facets.vendor).toHaveLength(FACET_TOP_VALUES);
    expect(result.facetTotals.vendor).toBe(VENDORS);
    expect(result.facets.vendor[0]).toEqual({ value: 'Vendor 000', count: VENDORS });
    expect(result.facets.severity).toHaveLength(2);
    expect(result.facetTotals.severity).toBe(2);
  });

  it('keeps a selected value listed however rare it is', () => {
    const result = queryBriefs(index, { ...emptyFilter(), vendor: ['vendor 129'] });
    expect(result.facets.vendor).toHaveLength(FACET_TOP_VALUES + 1);
    expect(result.facets.vendor.at(-1)).toEqual({ value: 'Vendor 129', count: 1 });
  });

  it('the facet listing reaches every value, in the same order and counts as the list', () => {
    const filter = { ...emptyFilter(), severity: ['high'] };
    const top = queryBriefs(index, filter).facets.vendor;
    const pages = [0, 40, 80, 120].flatMap(
      (offset) => listFacetValues(index, filter, 'vendor', { offset, limit: 40 }).values,
    );
    expect(pages).toHaveLength(VENDORS);
    expect(pages.slice(0, top.length)).toEqual(top);
    expect(new Set(pages.map((v) => v.value)).size).toBe(VENDORS);
    // Counted over the high briefs only (odd i carry vendors 0..i).
    expect(pages[0]).toEqual({ value: 'Vendor 000', count: 65 });
    expect(pages.at(-1)).toEqual({ value: 'Vendor 129', count: 1 });
  });

  it('counts a facet disjunctively: its own selection does not narrow it', () => {
    const filter = { ...emptyFilter(), vendor: ['Vendor 129'] };
    const all = listFacetValues(index, filter, 'vendor', { limit: 1000 });
    expect(all.total).toBe(VENDORS);
    expect(listFacetValues(index, filter, 'severity').values).toEqual(
      [
        { value: 'high', count: 1 },
        { value: 'low', count: 0 },
      ].filter((v) => v.count > 0),
    );
  });

  it('finds values containing a term, case-insensitively, with the number of matches', () => {
    const found = listFacetValues(index, emptyFilter(), 'vendor', { find: 'DOR 12', limit: 5 });
    expect(found.total).toBe(10); // Vendor 120 .. Vendor 129
    expect(found.values.map((v) => v.value)).toEqual([
      'Vendor 120',
      'Vendor 121',
      'Vendor 122',
      'Vendor 123',
      'Vendor 124',
    ]);
    expect(listFacetValues(index, emptyFilter(), 'vendor', { find: 'nothing' }).total).toBe(0);
  });
});
