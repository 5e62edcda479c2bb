import { describe, expect, it } from 'vitest';
import { indicatorHashes, type Indicator } from '@/lib/briefs/indicators';
import { buildBriefIndex } from '@/lib/briefs/search/brief-index';
import { parseBriefFilter } from '@/lib/briefs/filter/url';
import { queryBriefs } from '@/lib/briefs/search/query';
import { makeBrief, type BriefOverrides } from '@/test/support/test-briefs';

function withIndicators(overrides: BriefOverrides, indicators: Indicator[]) {
  return makeBrief({
    ...overrides,
    indicators,
    iocCount: indicators.length,
    iocTypes: [...new Set(indicators.map((i) => i.type))].sort(),
    iocHashes: indicatorHashes(indicators),
  });
}

const INDEX = buildBriefIndex([
  withIndicators({ slug: 'a', date: '2026-11-20T00:00:00Z', exploited: true }, [
    { type: 'domain', value: 'c2.example.net' },
    { type: 'ipv4', value: '192.0.2.1' },
  ]),
  withIndicators({ slug: 'b', date: '2026-11-19T00:00:00Z', text: 'mentions c2.example.net' }, [
    { type: 'url', value: 'http://192.0.2.1/x' },
  ]),
  withIndicators({ slug: 'c', date: '2026-11-18T00:00:00Z', exploited: true }, [
    { type: 'domain', value: 'C2.Example.NET' },
    { type: 'file_name', value: 'drop.sh' },
  ]),
  makeBrief({ slug: 'd', date: '2026-11-21T00:00:00Z', text: 'c2.example.net in the text' }),
  makeBrief({ slug: 'e', date: '2026-11-17T00:00:00Z', exploited: true }),
]);

function run(query: string) {
  const parsed = parseBriefFilter(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return queryBriefs(INDEX, parsed.filter);
}
const slugs = (query: string) => run(query).items.map((item) => item.slug);

describe('ioc=', () => {
  it('keeps briefs with or without indicators, with exact disjunctive counts', () => {
    expect(slugs('ioc=true')).toEqual(['a', 'b', 'c']);
    expect(slugs('ioc=false')).toEqual(['d', 'e']);
    const { facets } = run('ioc=true&exploited=true');
    expect(facets.ioc).toEqual([
      { value: 'true', count: 2 },
      { value: 'false', count: 1 },
    ]);
    expect(facets.exploited).toEqual(
      [
        { value: 'true', count: 2 },
        { value: 'false', count: 0 },
      ].filter((e) => e.count > 0),
    );
  });

  it('refuses a value that is not true or false, naming the parameter', () => {
    const parsed = parseBriefFilter(new URLSearchParams('ioc=maybe'));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.parameter).toBe('ioc');
  });
});

describe('ioc_type=', () => {
  it('is a facet: OR within, counts per type', () => {
    expect(slugs('ioc_type=domain')).toEqual(['a', 'c']);
    expect(slugs('ioc_type=domain&ioc_type=url')).toEqual(['a', 'b', 'c']);
    const { facets } = run('ioc_type=file_name');
    expect(facets.ioc_type).toEqual([
      { value: 'domain', count: 2 },
      { value: 'file_name', count: 1 },
      { value: 'ipv4', count: 1 },
      { value: 'url', count: 1 },
    ]);
    expect(facets.ioc).toEqual([{ value: 'true', count: 1 }]);
  });

  it('refuses a malformed type, naming the parameter', () => {
    const parsed = parseBriefFilter(new URLSearchParams('ioc_type=%3Cb%3E'));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.parameter).toBe('ioc_type');
  });
});

describe('a search that looks like an indicator', () => {
  it('ranks the briefs carrying the value first, then text matches, and says what matched', () => {
    const result = run('q=c2.example.net');
    const found = result.items.map((i) => i.slug);
    expect(found.slice(0, 2)).toEqual(['a', 'c']);
    // Full text still finds the briefs that only mention it.
    expect(found.slice(2).sort()).toEqual(['b', 'd']);
    expect(result.indicatorMatch).toEqual({ type: 'domain', value: 'c2.example.net', briefs: 2 });
  });

  it('finds a defanged value the same way', () => {
    expect(slugs('q=c2[.]example[.]net').slice(0, 2)).toEqual(['a', 'c']);
    expect(slugs('q=hxxp://192.0.2[.]1/x')[0]).toBe('b');
    expect(run('q=192.0.2[.]1').indicatorMatch?.briefs).toBe(1);
  });

  it('says when no brief carries it, and leaves plain words alone', () => {
    expect(run('q=203.0.113.9').indicatorMatch).toEqual({
      type: 'ipv4',
      value: '203.0.113.9',
      briefs: 0,
    });
    expect(run('q=mentions').indicatorMatch).toBeUndefined();
    expect(slugs('q=mentions')).toEqual(['b']);
  });
});
