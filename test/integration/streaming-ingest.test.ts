import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, waitFor, type AppServer } from '@/dev/app-server';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';

// A first start serves each page's briefs as soon as that page is normalised, while the crawl
// goes on (and the status keeps its progress), instead of the bundled demo until the very end.

const ITEMS = Array.from({ length: 30 }, (_, i) => ({
  id: `/briefs/streaming-${i}/`,
  title: `Streaming ${i}`,
  content_html: `<p>Body ${i}</p>`,
  date_published: new Date(Date.UTC(2026, 7, 30 - i)).toISOString(),
}));

let up: UpstreamStandIn;
let app: AppServer;

async function status() {
  return (await (await fetch(`${app.url}/api/status`)).json()) as {
    source: string;
    briefs: number;
    refreshing: false | { pagesDone: number; itemsSoFar: number };
  };
}

beforeAll(async () => {
  up = await startUpstream({ slowMs: 8_000 });
  up.setItems(ITEMS, { pageSize: 10 });
  up.fault('slow', { path: '/page/2/feed.json' });
  app = await startApp({ FEED_URL: up.feedUrl, FEED_STIX_URL: 'off', FEED_TIMEOUT_MS: '30000' });
});
afterAll(async () => {
  await app?.stop();
  await up?.close();
});

describe('streaming ingest', () => {
  it('serves the first page while the second is still on its way, then the whole feed', async () => {
    await waitFor(async () => (await status()).source === 'upstream', 10_000);
    const during = await status();
    expect(during.briefs).toBe(10);
    expect(during.refreshing).not.toBe(false);
    const list = (await (await fetch(`${app.url}/api/briefs`)).json()) as {
      items: { slug: string }[];
    };
    expect(list.items.map((i) => i.slug)).toContain('streaming-0');
    const brief = await fetch(`${app.url}/api/briefs/streaming-3`);
    expect(brief.status).toBe(200);

    await waitFor(async () => (await status()).refreshing === false, 30_000);
    expect((await status()).briefs).toBe(30);
  });
});
