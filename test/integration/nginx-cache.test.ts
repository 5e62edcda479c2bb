import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, waitFor, type AppServer } from '@/dev/app-server';
import { startCachingNginx, type CachingNginx } from '@/dev/nginx-cache';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';
import { sharedCacheControl, staleness } from '@/lib/api/shared-cache';

// Issue 23's shared cache through the production server: the Cache-Control, validators and
// no-store of each route, then the same server behind nginx configured as docs/nginx-cache.md
// says: repeated views are answered from nginx's cache, the dashboard sees at most one request
// per URL per fresh window, errors are never kept, and a refresh reaches readers within the window.

const REFRESH_SECONDS = 4;
const { fresh } = staleness(REFRESH_SECONDS);
const SHARED = sharedCacheControl(REFRESH_SECONDS);
const VIEW = '/api/briefs?vendor=Microsoft';

function item(n: number) {
  const slug = `2026-10-cache-test-${String(n).padStart(3, '0')}`;
  return {
    id: `/briefs/${slug}/`,
    url: `https://feed.craftedsignal.io/briefs/${slug}/`,
    title: `Cache test brief ${n}`,
    summary: `Summary ${n}`,
    content_html: `<p>Body ${n}</p>`,
    date_published: new Date(Date.UTC(2026, 9, 1 + n, 9)).toISOString(),
    _cs_type: 'threat',
    _cs_severities: ['high'],
    _cs_vendors: [n % 2 ? 'Microsoft' : 'Splunk'],
    _cs_tags: ['initial_access'],
  };
}
const ITEMS = Array.from({ length: 20 }, (_, i) => item(i + 1));

let up: UpstreamStandIn;
let app: AppServer;
let nginx: CachingNginx;

const total = async (base: string, path = VIEW) =>
  ((await (await fetch(`${base}${path}`)).json()) as { total: number }).total;

beforeAll(async () => {
  up = await startUpstream();
  up.setItems(ITEMS, { pageSize: 10 });
  app = await startApp({
    FEED_URL: up.feedUrl,
    FEED_STIX_URL: 'off',
    FEED_REFRESH_SECONDS: String(REFRESH_SECONDS),
  });
  await waitFor(async () => (await total(app.url, '/api/briefs')) === ITEMS.length, 30_000);
  nginx = await startCachingNginx(app.url);
}, 90_000);

afterAll(async () => {
  await nginx?.stop();
  await app?.stop();
  await up?.close();
});

describe('cache headers, straight from the dashboard', () => {
  it.each([
    VIEW,
    '/api/facets/vendor?limit=5',
    '/',
    '/?severity=high',
    `/briefs/${ITEMS[0]!.id.split('/')[2]}`,
  ])('%s may be kept by a shared cache for one window', async (path) => {
    const res = await fetch(`${app.url}${path}`);
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe(SHARED);
    if (path.startsWith('/api/')) {
      // Weak: fetch accepts gzip, and a compressed body is another representation.
      expect(res.headers.get('etag')).toMatch(/^W\/"[^"]+"$/);
      expect(Date.parse(res.headers.get('last-modified') ?? '')).toBeGreaterThan(0);
      // Minimal Vary: nothing but the encoding may split the cache.
      expect(res.headers.get('vary') ?? 'Accept-Encoding').toMatch(/^Accept-Encoding$/i);
    }
  });

  it.each([VIEW, '/api/facets/vendor?limit=5'])('%s answers 304 to its ETag', async (path) => {
    // A refresh every few seconds may move the source line between the two requests: retry.
    await waitFor(async () => {
      const first = await fetch(`${app.url}${path}`);
      await first.arrayBuffer();
      const etag = first.headers.get('etag')!;
      const again = await fetch(`${app.url}${path}`, { headers: { 'If-None-Match': etag } });
      const body = await again.text();
      if (again.status !== 304) return false;
      expect(body).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe(SHARED);
      return true;
    }, 15_000);
  });

  it.each([
    ['/api/briefs?severity=bogus', 400],
    ['/api/facets/nope', 400],
    ['/?severity=bogus', 400],
    ['/no-such-page', 404],
    ['/briefs/no-such-brief', 404],
    ['/api/status', 200],
    // Links built on the request's Host (no PUBLIC_ORIGIN): per request.
    ['/api/briefs.csv', 200],
    ['/feed.json', 200],
  ])('%s (%i) is never kept', async (path, status) => {
    const res = await fetch(`${app.url}${path}`);
    await res.arrayBuffer();
    expect(res.status).toBe(status);
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
    expect(res.headers.get('cache-control')).not.toMatch(/public|s-maxage/);
  });
});

/** `connections` clients asking for `path` through nginx for `ms`: X-Cache-Status counts. */
async function hammer(path: string, ms: number, connections = 10) {
  const statuses: Record<string, number> = {};
  const until = Date.now() + ms;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        const res = await fetch(`${nginx.url}${path}`);
        await res.arrayBuffer();
        expect(res.status).toBe(200);
        const s = res.headers.get('x-cache-status') ?? 'none';
        statuses[s] = (statuses[s] ?? 0) + 1;
      }
    }),
  );
  return statuses;
}

describe('behind nginx (docs/nginx-cache.md)', () => {
  it.each([VIEW, '/?severity=high'])(
    '%s at 10 connections: at least 90% from the cache, one request per window upstream',
    async (path) => {
      const before = nginx.upstreamRequests(path);
      const ms = 3 * fresh * 1000;
      const started = Date.now();
      const statuses = await hammer(path, ms);
      const elapsed = (Date.now() - started) / 1000;
      const all = Object.values(statuses).reduce((a, b) => a + b, 0);
      const fromCache = (statuses.HIT ?? 0) + (statuses.STALE ?? 0) + (statuses.UPDATING ?? 0);
      const upstream = nginx.upstreamRequests(path) - before;
      console.log(
        `${path}: ${JSON.stringify(statuses)}; ${upstream} reached the dashboard in ${elapsed.toFixed(1)} s`,
      );
      expect(all).toBeGreaterThan(50);
      expect(fromCache / all).toBeGreaterThanOrEqual(0.9);
      expect(upstream).toBeLessThanOrEqual(Math.ceil(elapsed / fresh) + 1);
    },
    30_000,
  );

  it.each(['/api/briefs?severity=bogus', '/no-such-page', '/api/status'])(
    '%s reaches the dashboard every time',
    async (path) => {
      const before = nginx.upstreamRequests(path);
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${nginx.url}${path}`);
        await res.arrayBuffer();
        expect(res.headers.get('x-cache-status')).not.toMatch(/HIT|STALE|UPDATING/);
      }
      expect(nginx.upstreamRequests(path) - before).toBe(3);
    },
  );

  it('shows a refresh within one refresh interval of the dashboard serving it', async () => {
    const old = await total(nginx.url);
    up.setItems([...ITEMS, item(101)], { pageSize: 10 });
    await waitFor(async () => (await total(app.url)) === old + 1, 30_000);
    const served = Date.now();
    await waitFor(async () => (await total(nginx.url)) === old + 1, 30_000);
    const late = (Date.now() - served) / 1000;
    console.log(
      `the refresh reached nginx's readers ${late.toFixed(2)} s after the dashboard served it`,
    );
    // Fresh half plus stale half of the window, and a second for the background update's trip.
    expect(late).toBeLessThanOrEqual(REFRESH_SECONDS + 1);
  }, 60_000);
});
