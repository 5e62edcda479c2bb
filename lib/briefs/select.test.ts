import { toIndexSource } from '@/test/support/index-source';
import { describe, expect, it } from 'vitest';
import { buildBriefIndex } from '@/lib/briefs/search/brief-index';
import { withFacetValue } from '@/lib/briefs/filter/edit';
import { emptyFilter, parseViewFilter } from '@/lib/briefs/filter/url';
import { queryBriefs } from '@/lib/briefs/search/query';
import {
  describeFilter,
  deriveOnce,
  describeSource,
  selectBriefs,
  toBriefUrl,
  toRequestOrigin,
} from '@/lib/briefs/select';
import { makeBrief } from '@/test/support/test-briefs';

const briefs = Array.from({ length: 260 }, (_, i) =>
  makeBrief({
    slug: `b${String(i).padStart(3, '0')}`,
    date: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString(),
    severity: i % 3 === 0 ? 'critical' : 'low',
    techniques: i % 2 === 0 ? ['T1059.001'] : ['T1190'],
    text: i === 7 ? 'needle in the body' : '',
  }),
);
const index = buildBriefIndex(briefs);
const source = toIndexSource(index);

describe('selectBriefs', () => {
  it('gives a repeated view the same selection, and derives from it once per key', () => {
    const filter = withFacetValue(emptyFilter(), 'severity', 'critical');
    const first = selectBriefs(source, filter);
    expect(first.briefs.length).toBeGreaterThan(0);
    expect(selectBriefs(source, { ...filter, page: 4 }).briefs).toBe(first.briefs);
    expect(selectBriefs(source, withFacetValue(emptyFilter(), 'severity', 'low')).briefs).not.toBe(
      first.briefs,
    );
    let runs = 0;
    const count = () => ++runs;
    expect(deriveOnce(first, 'a', count)).toBe(1);
    expect(deriveOnce(first, 'a', count)).toBe(1);
    expect(deriveOnce(first, 'b', count)).toBe(2);
    expect(deriveOnce(selectBriefs(source, filter), 'a', count)).toBe(1);
    // Shared briefs, but each request keeps its own filter (the cache key ignores value order).
    const ab = { ...emptyFilter(), severity: ['critical', 'low'] };
    const ba = { ...emptyFilter(), severity: ['low', 'critical'] };
    expect(selectBriefs(source, ab).briefs).toBe(selectBriefs(source, ba).briefs);
    expect(selectBriefs(source, ba).filter.severity).toEqual(['low', 'critical']);
  });

  it('returns every match, beyond the largest page, newest first, as full briefs', () => {
    const filter = { ...withFacetValue(emptyFilter(), 'severity', 'low'), page: 3, pageSize: 10 };
    const selection = selectBriefs(source, filter);
    const expected = briefs.filter((b) => b.severity === 'low');
    expect(selection.total).toBe(expected.length);
    expect(selection.briefs).toHaveLength(expected.length);
    expect(selection.briefs.map((b) => b.slug)).toEqual(expected.map((b) => b.slug).reverse());
    expect(selection.briefs[0]).toBe(index.getBySlug(selection.briefs[0]!.slug));
    expect(selection.filter).toMatchObject({ page: 1, pageSize: 50 });
  });

  it('matches as the list does, including parent techniques and facet counts', () => {
    const filter = withFacetValue(emptyFilter(), 'technique', 'T1059');
    const selection = selectBriefs(source, filter);
    const list = queryBriefs(index, { ...filter, pageSize: 200 });
    expect(selection.total).toBe(list.total);
    expect(selection.briefs.map((b) => b.slug)).toEqual(list.items.map((i) => i.slug));
    expect(selection.facets).toEqual(list.facets);
  });

  it('honours a limit and a sort override', () => {
    const selection = selectBriefs(
      source,
      { ...emptyFilter(), sort: 'oldest' },
      { limit: 5, sort: 'newest' },
    );
    expect(selection.briefs.map((b) => b.slug)).toEqual(['b259', 'b258', 'b257', 'b256', 'b255']);
    expect(selection.total).toBe(260);
  });
});

describe('parseViewFilter', () => {
  it('accepts and ignores page and pageSize, whatever their value', () => {
    const parsed = parseViewFilter(new URLSearchParams('severity=high&page=x&pageSize=100000'));
    expect(parsed).toEqual({ ok: true, filter: withFacetValue(emptyFilter(), 'severity', 'high') });
    expect(parseViewFilter({ severity: ['high', 'low'], page: '0' })).toMatchObject({
      ok: true,
      filter: { severity: ['high', 'low'], page: 1 },
    });
  });

  it('names the bad parameter', () => {
    expect(parseViewFilter(new URLSearchParams('technique=nope'))).toMatchObject({
      ok: false,
      error: { parameter: 'technique' },
    });
    expect(parseViewFilter(new URLSearchParams('bogus=1'))).toMatchObject({
      ok: false,
      error: { parameter: 'bogus' },
    });
    expect(parseViewFilter({ bogus: '1' }, { allowUnknown: true }).ok).toBe(true);
  });
});

describe('words and URLs', () => {
  it('describes a filter and a source', () => {
    expect(describeFilter(emptyFilter())).toBe('all briefs');
    expect(
      describeFilter({ ...withFacetValue(emptyFilter(), 'tactic', 'execution'), q: 'rce' }),
    ).toBe('Search: rce; Tactic: Execution');
    expect(
      describeSource({ source: 'upstream', fetchedAt: '2024-01-01T00:00:00Z', stale: false }),
    ).toContain('live, fetched 2024-01-01T00:00:00Z');
    expect(describeSource({ source: 'bundled', fetchedAt: null, stale: false })).toContain(
      'bundled demo snapshot',
    );
  });

  it('takes the origin from the Host the reader used, checked', () => {
    const req = (headers: Record<string, string>) =>
      new Request('http://localhost:3000/feed.json', { headers });
    expect(toRequestOrigin(req({ host: '127.0.0.1:3100' }))).toBe('http://127.0.0.1:3100');
    expect(
      toRequestOrigin(
        req({
          host: 'a',
          'x-forwarded-host': 'Dash.Example.com, proxy',
          'x-forwarded-proto': 'https',
        }),
      ),
    ).toBe('https://dash.example.com');
    expect(toRequestOrigin(req({ host: '[::1]:3000' }))).toBe('http://[::1]:3000');
    expect(toRequestOrigin(req({ host: 'evil.test/<script>' }))).toBe('http://localhost:3000');
    expect(toRequestOrigin(req({ host: 'ok.test', 'x-forwarded-proto': 'javascript' }))).toBe(
      'http://ok.test',
    );
  });

  it('builds brief URLs on the dashboard origin', () => {
    expect(toBriefUrl('http://dash.test', 'a b')).toBe('http://dash.test/briefs/a%20b');
  });
});
