import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, tempCacheDir, waitFor, type AppServer } from '@/dev/app-server';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';

// The brief store is the snapshot: a restart serves every brief from it without normalising
// (parsing, sanitising) any item again, upstream down or not, and an unchanged item is never
// normalised twice, across refreshes and restarts. Counted by /api/status's normalizedItems.

function item(n: number) {
  const slug = `store-restart-${String(n).padStart(3, '0')}`;
  return {
    id: `/briefs/${slug}/`,
    title: `Store restart ${n}`,
    summary: `Summary ${n}`,
    content_html: `<p>Body ${n} <a href="https://example.org/${n}">ref</a></p><script>x()</script><h2 id="recommendations">Recommendations</h2><ul><li>Patch ${n}</li></ul>`,
    date_published: new Date(Date.UTC(2026, 8, 1, n)).toISOString(),
    _cs_vendors: [`Vendor ${n % 7}`],
  };
}
const ITEMS = Array.from({ length: 60 }, (_, i) => item(i + 1));

interface Status {
  source: string;
  briefs: number;
  normalizedItems: number;
  searchReady: boolean;
  refreshing: unknown;
  upstream: { lastSuccessAt: string | null; lastError: string | null };
}

let up: UpstreamStandIn;
const cacheDir = tempCacheDir();
const env = () => ({ FEED_URL: up.feedUrl, FEED_STIX_URL: 'off', CACHE_DIR: cacheDir });
const running: AppServer[] = [];

async function status(app: AppServer): Promise<Status> {
  return (await (await fetch(`${app.url}/api/status`)).json()) as Status;
}
async function details(app: AppServer): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const raw of ITEMS) {
    const slug = raw.id.split('/')[2]!;
    const res = await fetch(`${app.url}/api/briefs/${slug}`);
    expect(res.status).toBe(200);
    out.set(slug, await res.text());
  }
  return out;
}
async function start(): Promise<AppServer> {
  const app = await startApp(env());
  running.push(app);
  return app;
}

beforeAll(async () => {
  up = await startUpstream();
  up.setItems(ITEMS, { pageSize: 20 });
});
afterAll(async () => {
  await Promise.all(running.map((a) => a.stop()));
  await up?.close();
});

describe('restart from the brief store', () => {
  let first: Map<string, string>;

  it('a first start normalises every item once and serves them', async () => {
    const app = await start();
    // A first start serves pages as they come: wait for the crawl's end.
    await waitFor(async () => {
      const s = await status(app);
      return s.source === 'upstream' && s.refreshing === false;
    });
    const s = await status(app);
    expect(s.briefs).toBe(ITEMS.length);
    expect(s.normalizedItems).toBe(ITEMS.length);
    first = await details(app);
    expect(first.get('store-restart-007')).toContain('Patch 7');
    expect(first.get('store-restart-007')).not.toContain('<script');
    await app.stop();
  });

  it('a restart with the upstream down serves every brief from the store, sanitising nothing', async () => {
    up.fault('down');
    const app = await start();
    const s = await status(app);
    expect(s.source).toBe('disk');
    expect(s.briefs).toBe(ITEMS.length);
    expect(await details(app)).toEqual(first);
    // The text index is rebuilt from the store's texts: a word only the bodies hold is found.
    const found = (await (await fetch(`${app.url}/api/briefs?q=patch`)).json()) as {
      total: number;
    };
    expect(found.total).toBe(ITEMS.length);
    await waitFor(async () => (await status(app)).searchReady);
    await waitFor(async () => (await status(app)).upstream.lastError !== null);
    expect((await status(app)).normalizedItems).toBe(0);
    await app.stop();
    up.fault(null);
  });

  it('after a restart only a new or changed item is normalised', async () => {
    // A new brief on top shifts every page: the pages' 304s are gone, the memo still holds.
    up.setItems([item(61), ...ITEMS.slice(0, 59), { ...ITEMS[59]!, summary: 'Changed' }], {
      pageSize: 20,
    });
    const app = await start();
    await waitFor(async () => {
      const s = await status(app);
      return s.source === 'upstream' && s.briefs === ITEMS.length + 1;
    });
    expect((await status(app)).normalizedItems).toBe(2);
    await app.stop();
  });
});
