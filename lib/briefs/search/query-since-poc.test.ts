import { describe, expect, it } from 'vitest';
import { buildBriefIndex } from '@/lib/briefs/search/brief-index';
import { parseBriefFilter } from '@/lib/briefs/filter/url';
import { queryBriefs } from '@/lib/briefs/search/query';
import { makeBrief } from '@/test/support/test-briefs';

const INDEX = buildBriefIndex([
  makeBrief({ slug: 'new', date: '2026-11-20T10:00:00Z', hasPoc: true, exploited: true }),
  makeBrief({
    slug: 'old-updated',
    date: '2026-09-01T10:00:00Z',
    modified: '2026-11-21T09:00:00Z',
    hasPoc: true,
  }),
  makeBrief({ slug: 'old', date: '2026-09-02T10:00:00Z', modified: '2026-09-03T00:00:00Z' }),
  makeBrief({ slug: 'edge', date: '2026-11-15T00:00:00Z', exploited: false }),
  makeBrief({ slug: 'undated', date: 'not a date', modified: 'nor this' }),
]);

function run(query: string) {
  const parsed = parseBriefFilter(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return queryBriefs(INDEX, parsed.filter);
}
const slugs = (query: string) => run(query).items.map((item) => item.slug);

describe('since=', () => {
  it('matches briefs published or modified at or after the moment', () => {
    expect(slugs('since=2026-11-15')).toEqual(['new', 'edge', 'old-updated']);
    expect(slugs('since=2026-11-15T00:00:01Z')).toEqual(['new', 'old-updated']);
    expect(slugs('since=2026-11-21T09:00:00Z')).toEqual(['old-updated']);
    expect(slugs('since=2026-11-21T09:00:01Z')).toEqual([]);
    expect(run('since=2000-01-01').total).toBe(4);
  });

  it('keeps its constraint in every facet count', () => {
    const { facets } = run('since=2026-11-16');
    expect(facets.poc).toEqual([{ value: 'true', count: 2 }]);
    expect(facets.exploited).toEqual([{ value: 'true', count: 1 }]);
  });
});

describe('poc=', () => {
  it('filters on a public proof of concept', () => {
    expect(slugs('poc=true')).toEqual(['new', 'old-updated']);
    expect(slugs('poc=false')).toEqual(['edge', 'old', 'undated']);
  });

  it('is counted beside exploited, disjunctively', () => {
    const { facets, total } = run('poc=true');
    expect(total).toBe(2);
    // Its own count ignores it, so the other choice stays visible with its count.
    expect(facets.poc).toEqual([
      { value: 'false', count: 3 },
      { value: 'true', count: 2 },
    ]);
    expect(facets.exploited).toEqual([{ value: 'true', count: 1 }]);
    expect(run('exploited=false').facets.poc).toEqual([{ value: 'false', count: 1 }]);
    expect(run('exploited=false&poc=true').facets.poc).toEqual([
      { value: 'false', count: 1 },
      { value: 'true', count: 0 },
    ]);
  });
});
