import { describe, expect, it, vi } from 'vitest';
import { encodeListResponse } from '@/lib/api/list-body';
import { buildBriefIndex } from '@/lib/briefs/search/brief-index';
import { emptyFilter } from '@/lib/briefs/filter/url';
import { queryBriefs } from '@/lib/briefs/search/query';
import { makeBrief } from '@/test/support/test-briefs';
import type { SourceBlock } from '@/lib/serving/status';

const index = buildBriefIndex(
  Array.from({ length: 30 }, (_, i) =>
    makeBrief({
      slug: `brief-${i}`,
      date: `2024-06-${String((i % 28) + 1).padStart(2, '0')}T00:00:00Z`,
      severity: i % 2 ? 'high' : 'critical',
      title: `Brief "${i}" <b>\u2028 ü`,
    }),
  ),
);
const source = (fetchedAt: string): SourceBlock => ({
  ok: true,
  source: 'upstream',
  bundledReason: null,
  fetchedAt,
  stale: false,
  refreshing: false,
});

describe('encodeListResponse', () => {
  it('encodes exactly what JSON.stringify of the whole answer would, for every page', () => {
    for (const page of [1, 2, 3]) {
      const result = queryBriefs(index, { ...emptyFilter(), page, pageSize: 10 });
      const body = encodeListResponse(result, source('2024-06-30T00:00:00.000Z'));
      expect(JSON.parse(body.toString('utf8'))).toEqual(
        JSON.parse(JSON.stringify({ ...result, source: source('2024-06-30T00:00:00.000Z') })),
      );
    }
  });

  it('reuses the cached parts of a repeated query but always writes the current source block', () => {
    const filter = { ...emptyFilter(), severity: ['high'] };
    const first = encodeListResponse(
      queryBriefs(index, filter),
      source('2024-06-30T00:00:00.000Z'),
    );
    const stringify = vi.spyOn(JSON, 'stringify');
    const second = encodeListResponse(
      queryBriefs(index, filter),
      source('2024-07-01T00:00:00.000Z'),
    );
    // Only the source block is encoded again: items and facets come from the cache.
    expect(stringify).toHaveBeenCalledTimes(1);
    stringify.mockRestore();
    expect(JSON.parse(second.toString()).source.fetchedAt).toBe('2024-07-01T00:00:00.000Z');
    expect(JSON.parse(second.toString()).items).toEqual(JSON.parse(first.toString()).items);
    expect(JSON.parse(second.toString()).total).toBe(15);
  });

  it('shares facet counts between pages of one view', () => {
    const one = queryBriefs(index, { ...emptyFilter(), page: 1, pageSize: 5 });
    const two = queryBriefs(index, { ...emptyFilter(), page: 2, pageSize: 5, sort: 'oldest' });
    expect(two.facets).toBe(one.facets);
    expect(two.items[0]!.slug).not.toBe(one.items[0]!.slug);
  });
});
