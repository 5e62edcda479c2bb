import { startUpstream, type UpstreamStandIn } from '../upstream/server';
import {
  pageUrl,
  productName,
  synthFeed,
  synthStix,
  type StixBundle,
  type SynthFeed,
  type SynthItem,
} from '@/dev/synth';

// The synthetic feed every run serves through the upstream stand-in: the shape (100 items
// a page with next_url, 3-8 kB bodies, 300 vendors, 1,000 products, 2,000 tags, techniques) and
// a STIX bundle of the last 30 days, like the real /stix.json.

export const PAGE_SIZE = 100;
export const VOCABULARY = { vendors: 300, products: 1000, tags: 2000 } as const;

export interface BenchFeed {
  count: number;
  items: SynthItem[];
  /** Generator ground truth for `items`, in the same order (builds the STIX bundle). */
  synth: SynthFeed;
  stix: StixBundle;
  /** Values that occur in the feed, most frequent first: query parameters for the load. */
  vendors: string[];
  products: string[];
  tags: string[];
  slugs: string[];
  /** Single words from titles and product names, for `q`. */
  words: string[];
}

function byFrequency(values: Iterable<string>): string[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([v]) => v);
}

export function buildFeed(
  count: number,
  options: { seed?: number; offsetDays?: number } = {},
): BenchFeed {
  const referenceDate = new Date(
    Date.parse('2026-11-20T00:00:00Z') + (options.offsetDays ?? 0) * 86_400_000,
  ).toISOString();
  const feed = synthFeed({ count, seed: options.seed ?? 1, referenceDate, ...VOCABULARY });
  const stix = synthStix(feed, { windowDays: 30, referenceDate });
  const words = byFrequency(
    feed.items.flatMap((item) =>
      item.title
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length >= 5),
    ),
  );
  return {
    count,
    items: feed.items,
    synth: feed,
    stix,
    vendors: byFrequency(feed.items.flatMap((i) => i._cs_vendors)),
    products: byFrequency(feed.items.flatMap((i) => i._cs_products.map(productName))),
    tags: byFrequency(feed.items.flatMap((i) => i._cs_tags)),
    slugs: feed.meta.map((m) => m.slug),
    words,
  };
}

export function serveFeed(upstream: UpstreamStandIn, feed: BenchFeed): void {
  upstream.setItems(feed.items, { pageSize: PAGE_SIZE, absoluteNextUrl: true });
  upstream.setStix(feed.stix);
}

export function pageUrls(upstream: UpstreamStandIn, count: number): string[] {
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  return Array.from({ length: pages }, (_, i) => pageUrl(upstream.feedUrl, i + 1));
}

/**
 * Fetches every page and the STIX bundle once, so the stand-in has serialised and cached them
 * before anything is timed (its JSON encoding runs in this process, not in the server's).
 */
export async function warmUpstream(upstream: UpstreamStandIn, count: number): Promise<void> {
  for (const url of [...pageUrls(upstream, count), upstream.stixUrl]) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`stand-in answered ${res.status} for ${url}`);
    await res.arrayBuffer();
  }
  upstream.resetCounts();
}

export async function startFeedUpstream(feed: BenchFeed): Promise<UpstreamStandIn> {
  const upstream = await startUpstream();
  serveFeed(upstream, feed);
  await warmUpstream(upstream, feed.count);
  return upstream;
}

/**
 * Successive versions of `feed` as the upstream publishes: version n has `perStep` × n new briefs
 * on top and as many of the oldest dropped, so every page shifts each time (a new STIX bundle
 * too). Briefs only ever arrive on top, as on the real feed: a crawl that straddles a publish
 * sees some briefs twice, never loses one. `stableSlugs` are in every version.
 */
export function publishSeries(
  feed: BenchFeed,
  perStep: number,
  steps: number,
): { versions: BenchFeed[]; stableSlugs: string[] } {
  const total = perStep * steps;
  // Another seed can repeat a slug of `feed` (slugs come from titles): such briefs are left out,
  // or the upstream would publish one brief twice and the served count would fall short.
  const taken = new Set(feed.slugs);
  const pool = buildFeed(2 * total + 50, { seed: 2 });
  const picked = pool.slugs.flatMap((slug, i) => (taken.has(slug) ? [] : [i])).slice(0, total);
  if (picked.length < total)
    throw new Error(`publishSeries: only ${picked.length} new slugs of ${total}`);
  const fresh = {
    items: picked.map((i) => pool.items[i]!),
    slugs: picked.map((i) => pool.slugs[i]!),
    synth: { ...pool.synth, meta: picked.map((i) => pool.synth.meta[i]!) },
  };
  const versions = [feed];
  for (let n = 1; n <= steps; n++) {
    const added = perStep * n;
    const from = total - added;
    const kept = Math.max(0, feed.count - added);
    const items = [...fresh.items.slice(from), ...feed.items.slice(0, kept)];
    const synth: SynthFeed = {
      items,
      meta: [...fresh.synth.meta.slice(from), ...feed.synth.meta.slice(0, kept)],
      markdownOf: (slug) => fresh.synth.markdownOf(slug) ?? feed.synth.markdownOf(slug),
    };
    versions.push({
      ...feed,
      count: items.length,
      items,
      synth,
      stix: synthStix(synth, { windowDays: 30 }),
      slugs: [...fresh.slugs.slice(from), ...feed.slugs.slice(0, kept)],
    });
  }
  return { versions, stableSlugs: feed.slugs.slice(0, Math.max(0, feed.count - total)) };
}
