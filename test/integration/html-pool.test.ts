import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedStatus } from '@/lib/serving/status';
import { startApp, waitFor, type AppServer } from '@/dev/app-server';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';

// Through the production build: long item bodies are sanitised in the HTML worker pool (its
// bundled worker is part of the build), short ones on the serving thread, and a body that runs its
// worker out of memory costs only that item. One thread with a 16 MB heap: page 1's huge body
// kills the worker, page 2's long body goes through the worker piscina starts in its place, and
// every short body is rendered in the serving thread.

const PAGE_SIZE = 10;
/** Legal HTML, within LIMITS.contentHtml and the page byte cap, whose trees outgrow 16 MB. */
const HUGE_HTML = '<p><b>x</b></p>'.repeat(33_000);
/** Past the default HTML_POOL_MIN_CHARS (32,768), small enough for a 16 MB worker. */
const LONG_DETAILS = `<h2>Details</h2><p>${'detail '.repeat(6_000)}</p>`;
const LONG_ITEM = 15;

const ITEMS = Array.from({ length: 2 * PAGE_SIZE }, (_, i) => ({
  id: i === 3 ? '/briefs/huge-body/' : `/briefs/pooled-${i}/`,
  title: `Pooled ${i}`,
  content_html:
    i === 3
      ? HUGE_HTML
      : `<h2>Overview</h2><p>Body ${i}<script>alert(1)</script></p><h2>Impact</h2><p>Impact ${i}</p>` +
        (i === LONG_ITEM ? LONG_DETAILS : ''),
  date_published: new Date(Date.UTC(2026, 7, 30 - i)).toISOString(),
}));

let up: UpstreamStandIn;
let app: AppServer;

async function status(): Promise<FeedStatus> {
  return (await (await fetch(`${app.url}/api/status`)).json()) as FeedStatus;
}

beforeAll(async () => {
  up = await startUpstream();
  up.setItems(ITEMS, { pageSize: PAGE_SIZE });
  app = await startApp({
    FEED_URL: up.feedUrl,
    FEED_STIX_URL: 'off',
    HTML_POOL_THREADS: '1',
    HTML_POOL_HEAP_MB: '16',
  });
}, 90_000);
afterAll(async () => {
  await app?.stop();
  await up?.close();
});

describe('HTML worker pool, production build', () => {
  it('skips and names the body that ran its worker out of memory; the crawl goes on', async () => {
    const s = await waitFor(async () => {
      const current = await status();
      return current.source === 'upstream' && current.refreshing === false && current;
    }, 60_000);
    expect(s.briefs).toBe(2 * PAGE_SIZE - 1);
    expect(s.skipped).toEqual([{ reason: 'out-of-memory', count: 1, names: ['huge-body'] }]);
    // Page 2's long body went through the worker started in place of the one the huge body
    // killed; the short ones never left the serving thread.
    expect(s.htmlPool).toMatchObject({
      mode: 'workers',
      reason: null,
      threads: 1,
      heapMb: 16,
      minChars: 32_768,
      rendered: 1,
      renderedInThread: 2 * PAGE_SIZE - 2,
      failed: 1,
      workersLost: 1,
    });
    expect(s.htmlPool.workersStarted).toBe(2);
    expect(s.normalizedItems).toBe(2 * PAGE_SIZE);
    expect(app.output()).toMatch(
      /huge-body skipped: WorkerLostError: the HTML worker ran out of memory/,
    );
  });

  it('serves the briefs of both pages sanitised and sectioned', async () => {
    for (const slug of ['pooled-4', 'pooled-15']) {
      const res = await fetch(`${app.url}/api/briefs/${slug}`);
      expect(res.status).toBe(200);
      const brief = (await res.json()) as {
        contentHtml: string;
        sections: { overview: string | null; impact: string | null };
        summary: string;
      };
      expect(brief.contentHtml).not.toContain('<script');
      expect(brief.sections.overview).toMatch(/^<p>Body \d+<\/p>$/);
      expect(brief.sections.impact).toMatch(/^<p>Impact \d+<\/p>$/);
      if (slug !== `pooled-${LONG_ITEM}`) expect(brief.summary).toMatch(/^Body \d+ Impact \d+$/);
    }
    expect((await fetch(`${app.url}/api/briefs/huge-body`)).status).toBe(404);
  });

  it('lets its threads exit once the crawl is done', async () => {
    await waitFor(async () => (await status()).htmlPool.workersAlive === 0, 20_000);
  });
});
