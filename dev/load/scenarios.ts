import type { BenchFeed } from './feed';

// Query strings drawn from the feed's own vocabulary. Each scenario is a ring of distinct URLs,
// larger than the index's query cache (64 entries), so most requests compute their answer; the
// "same URL" scenario measures the cached path.

export const RING = 300;
const SEVERITIES = ['critical', 'high', 'medium'] as const;

export interface Scenario {
  name: string;
  /** Query strings (without `?`). */
  queries: string[];
}

const qs = (params: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();

function cycle<T>(values: readonly T[], i: number): T {
  const value = values[i % values.length];
  if (value === undefined) throw new Error('empty vocabulary');
  return value;
}

export function typicalQuery(feed: BenchFeed): string {
  return qs({ vendor: cycle(feed.vendors, 0) });
}

export function queryScenarios(feed: BenchFeed): Scenario[] {
  const n = Array.from({ length: RING }, (_, i) => i);
  const words = [...feed.words, ...feed.products.map((p) => p.toLowerCase())];
  const popularVendors = feed.vendors.slice(0, 30);
  const popularTags = feed.tags.slice(0, 20);
  return [
    { name: 'one facet (vendor)', queries: n.map((i) => qs({ vendor: cycle(feed.vendors, i) })) },
    {
      name: 'three facets (vendor + severity + tag)',
      queries: n.map((i) =>
        qs({
          vendor: cycle(popularVendors, i),
          severity: cycle(SEVERITIES, i),
          tag: cycle(popularTags, Math.floor(i / 3)),
        }),
      ),
    },
    { name: 'full-text q', queries: n.map((i) => qs({ q: cycle(words, i) })) },
    {
      name: 'q + two facets',
      queries: n.map((i) =>
        qs({
          q: cycle(words, i),
          severity: cycle(SEVERITIES, i),
          vendor: cycle(popularVendors, i),
        }),
      ),
    },
    {
      name: 'deep page (page 50-199, newest/oldest)',
      queries: n.map((i) => qs({ page: 50 + (i % 150), sort: i < 150 ? 'newest' : 'oldest' })),
    },
    { name: 'same URL repeated (query cache hit)', queries: [typicalQuery(feed)] },
  ];
}

/** List pages with filters for TTFB: one facet and a severity. */
export function listPagePaths(feed: BenchFeed, count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `/?${qs({ vendor: cycle(feed.vendors, i), severity: cycle(SEVERITIES, i) })}`,
  );
}

export function briefPagePaths(feed: BenchFeed, count: number): string[] {
  // Spread over the feed: new and old briefs alike.
  const step = Math.max(1, Math.floor(feed.slugs.length / count));
  return Array.from({ length: count }, (_, i) => `/briefs/${cycle(feed.slugs, i * step)}`);
}
