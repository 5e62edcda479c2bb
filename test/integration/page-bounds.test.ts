import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBenchApp, stopBenchApp, watchIngest } from '@/dev/load/app';
import { buildFeed, startFeedUpstream } from '@/dev/load/feed';

// What the list page sends does not grow with the feed (issue 12): the bench's synthetic feed
// (300 vendors, 1,000 products, 2,000 tags, techniques, CVEs) at 2,000 and at 10,000 briefs,
// served one after the other through the production build. At 10,000 `/` stays under its HTML
// budget, and its filter panel and DOM are no bigger than at 2,000.

const SMALL = 2_000;
const LARGE = 10_000;
const HTML_BUDGET = 150 * 1024;
/** The panel: 6 severities, 4 types, 14 tactics and 6 open-ended facets of 10 values. */
const MAX_CHECKBOXES = 6 + 4 + 14 + 6 * 10;

interface PageShape {
  bytes: number;
  checkboxes: number;
  elements: number;
  rows: number;
}

function shapeOf(html: string): PageShape {
  const markup = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '');
  return {
    bytes: Buffer.byteLength(html),
    checkboxes: (markup.match(/<input type="checkbox"/g) ?? []).length,
    elements: (markup.match(/<[a-zA-Z][^>]*>/g) ?? []).length,
    rows: (markup.match(/data-brief-link=""/g) ?? []).length,
  };
}

async function measure(count: number): Promise<{ list: PageShape; tagged: PageShape }> {
  const feed = buildFeed(count);
  const upstream = await startFeedUpstream(feed);
  // A slow page of the stand-in on a busy CI machine must not fail the crawl.
  const bench = await startBenchApp(upstream.feedUrl, { FEED_TIMEOUT_MS: '60000' });
  try {
    await watchIngest(bench, count, 10 * 60_000);
    const get = async (path: string) => {
      const res = await fetch(`${bench.app.url}${path}`);
      expect(res.status, path).toBe(200);
      return shapeOf(await res.text());
    };
    return {
      list: await get('/'),
      tagged: await get(`/?tag=${encodeURIComponent(feed.tags[0]!)}`),
    };
  } finally {
    await stopBenchApp(bench);
    await upstream.close();
  }
}

let small: Awaited<ReturnType<typeof measure>>;
let large: Awaited<ReturnType<typeof measure>>;

beforeAll(async () => {
  small = await measure(SMALL);
  large = await measure(LARGE);
}, 20 * 60_000);

afterAll(() => {
  console.log(
    `/ HTML: ${(small.list.bytes / 1024).toFixed(1)} kB at ${SMALL} briefs, ${(large.list.bytes / 1024).toFixed(1)} kB at ${LARGE}`,
  );
});

describe('the list page does not grow with the feed', () => {
  it(`/ at ${LARGE} briefs is at most 150 kB of HTML`, () => {
    expect(large.list.rows).toBe(50);
    expect(large.list.bytes).toBeLessThanOrEqual(HTML_BUDGET);
  });

  it('the filter panel has as many checkboxes at 10,000 briefs as at 2,000, and a bounded number', () => {
    expect(large.list.checkboxes).toBe(small.list.checkboxes);
    expect(large.list.checkboxes).toBeLessThanOrEqual(MAX_CHECKBOXES);
    // A selected value is always listed (the most frequent tag is among the top ones anyway).
    expect(large.tagged.checkboxes).toBeLessThanOrEqual(MAX_CHECKBOXES + 1);
  });

  it('the DOM is no bigger at 10,000 briefs than at 2,000 (rows vary by a few chips)', () => {
    for (const view of ['list', 'tagged'] as const) {
      expect(large[view].elements, view).toBeLessThanOrEqual(small[view].elements * 1.1);
    }
  });
});
