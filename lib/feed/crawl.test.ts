import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';
import { crawlPages, type CrawlOptions, type CrawledPage, type KnownPage } from './crawl';
import { UpstreamLinkError } from './errors';

// The origin rule holds for next_urls the crawler did not just read: a page kept from an earlier
// crawl (disk or Redis snapshot) that answers 304 hands over its stored next_url.

let up: UpstreamStandIn;
beforeAll(async () => {
  up = await startUpstream();
  up.setItems(
    [1, 2, 3].map((n) => ({ id: `/briefs/b-${n}/`, title: `Brief ${n}` })),
    { pageSize: 2 },
  );
});
afterAll(async () => {
  await up?.close();
});

const options = (previous: Map<string, KnownPage & { url: string }>): CrawlOptions => ({
  timeoutMs: 5_000,
  maxBytes: 1_000_000,
  maxPages: 10,
  previous,
});

/** Every page of a crawl, as a caller that keeps each fetched page's items would hold them. */
async function crawlFeed(startUrl: string, opts: CrawlOptions, seen: CrawledPage[] = []) {
  const pages: (KnownPage & { url: string })[] = [];
  for await (const page of crawlPages(startUrl, opts)) {
    seen.push(page);
    pages.push(
      page.kind === 'fetched'
        ? { url: page.url, validators: page.validators, nextUrl: page.nextUrl, entries: page.items }
        : { ...opts.previous.get(page.url)!, url: page.url },
    );
  }
  return { pages };
}

describe('crawlPages', () => {
  it('refuses a stored next_url that leaves the feed origin, even behind a 304', async () => {
    const first = await crawlFeed(up.feedUrl, options(new Map()));
    expect(first.pages).toHaveLength(2);
    const [page1] = first.pages;
    const forged = new Map([
      [page1!.url, { ...page1!, nextUrl: 'http://attacker.example/feed.json' }],
    ]);
    up.resetCounts();
    await expect(crawlFeed(up.feedUrl, options(forged))).rejects.toBeInstanceOf(UpstreamLinkError);
    expect(up.log.map((entry) => entry.status)).toEqual([304]);
  });
});

describe('crawl budgets', () => {
  const budgets = { maxTotalBytes: 1e9, maxItems: 1e6, maxMs: 60_000 };

  it('stops at the page cap instead of serving a cut feed', async () => {
    await expect(
      crawlFeed(up.feedUrl, { ...options(new Map()), maxPages: 1 }),
    ).rejects.toMatchObject({
      budget: 'pages',
      message: expect.stringMatching(/FEED_MAX_PAGES = 1/),
    });
  });

  it('stops at the item budget before handing over the page that passes it', async () => {
    const seen: CrawledPage[] = [];
    const opts = { ...options(new Map()), budgets: { ...budgets, maxItems: 2 } };
    await expect(crawlFeed(up.feedUrl, opts, seen)).rejects.toMatchObject({ budget: 'items' });
    expect(seen.map((p) => (p.kind === 'fetched' ? p.items.length : 0))).toEqual([2]);
  });

  it('stops at the byte budget and at the time budget', async () => {
    const opts = options(new Map());
    await expect(
      crawlFeed(up.feedUrl, { ...opts, budgets: { ...budgets, maxTotalBytes: 100 } }),
    ).rejects.toMatchObject({ budget: 'bytes' });
    await expect(
      crawlFeed(up.feedUrl, { ...opts, budgets: { ...budgets, maxMs: 0 } }),
    ).rejects.toMatchObject({ budget: 'time' });
    await expect(crawlFeed(up.feedUrl, { ...opts, budgets })).resolves.toMatchObject({
      pages: [{}, {}],
    });
  });
});
