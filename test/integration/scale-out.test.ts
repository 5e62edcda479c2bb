import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedStatus } from '@/lib/serving/status';
import { crawlsInLog, expectOneFetchPerPagePerCrawl } from '@/test/support/refresh-log';
import { startApp, tempCacheDir, waitFor, type AppServer } from '@/dev/app-server';
import { startRedis, type RedisServer } from '@/dev/redis-server';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';

// Three production servers (`next start`) share one Redis and one upstream stand-in, as several
// instances behind a load balancer do: one crawl per refresh, the same data everywhere, a dead lock
// holder replaced after the lock's expiry, and serving on through a Redis outage.

const REFRESH_SECONDS = 4;
const LOCK_TTL_MS = 3000;

function item(n: number) {
  const slug = `2026-11-scale-out-${String(n).padStart(3, '0')}`;
  return {
    id: `/briefs/${slug}/`,
    url: `https://feed.craftedsignal.io/briefs/${slug}/`,
    title: `Scale-out brief ${n}`,
    summary: `Summary ${n}`,
    content_html: `<p>Body ${n}</p>`,
    date_published: new Date(Date.UTC(2026, 10, 1 + (n % 28), 9)).toISOString(),
    _cs_type: 'threat',
    _cs_severities: ['high'],
    _cs_vendors: ['Splunk'],
    _cs_products: ['Splunk Enterprise'],
    _cs_tags: ['initial_access'],
  };
}
const items = (count: number) => Array.from({ length: count }, (_, i) => item(i + 1));

let redis: RedisServer;
let up: UpstreamStandIn;
let apps: AppServer[] = [];
/** The feed's page paths in crawl order (page 1 first). */
let pagePaths: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const live = () => apps.filter((a) => a.process.exitCode === null && a.process.signalCode === null);

async function status(app: AppServer): Promise<FeedStatus> {
  const res = await fetch(`${app.url}/api/status`);
  expect(res.status).toBe(200);
  return (await res.json()) as FeedStatus;
}

async function total(app: AppServer): Promise<number> {
  const res = await fetch(`${app.url}/api/briefs?pageSize=1`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { total: number }).total;
}

async function totals(): Promise<number[]> {
  return Promise.all(live().map(total));
}

beforeAll(async () => {
  redis = await startRedis();
  up = await startUpstream({ slowMs: 20_000 });
  up.setItems(items(30), { pageSize: 10 });
  apps = await Promise.all(
    [0, 1, 2].map(() =>
      startApp({
        FEED_URL: up.feedUrl,
        FEED_STIX_URL: 'off',
        REDIS_URL: redis.url,
        REDIS_SNAPSHOT_SECRET: 'scale-out-test-secret-0123456789abcdef',
        FEED_REFRESH_SECONDS: String(REFRESH_SECONDS),
        REDIS_LOCK_TTL_MS: String(LOCK_TTL_MS),
        CACHE_DIR: tempCacheDir(),
      }),
    ),
  );
  await waitFor(
    async () =>
      (await Promise.all(apps.map(status))).every(
        (s) => s.source === 'upstream' && s.refreshing === false,
      ),
    30_000,
  );
  pagePaths = [...new Set(up.log.map((l) => l.path).filter((p) => !p.startsWith('/stix')))];
}, 180_000);

afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await up?.close();
  await redis?.stop();
});

describe('several instances, one Redis', () => {
  it('share their Redis state in /api/status', async () => {
    expect(pagePaths).toHaveLength(3);
    for (const s of await Promise.all(apps.map(status))) {
      expect(s.redis).toMatchObject({
        url: redis.url.replace(/\/?$/, ''),
        connected: true,
        lastError: null,
      });
    }
    expect(await totals()).toEqual([30, 30, 30]);
  });

  it('crawl the upstream once per refresh, not once per instance', async () => {
    up.resetCounts();
    const before = await Promise.all(apps.map(status));
    const intervals = 3;
    // No requests to the apps meanwhile: only their refresh timers run.
    await sleep(intervals * REFRESH_SECONDS * 1000);
    const crawls = crawlsInLog(up.log);
    // Refreshes follow the schedule: one per interval whatever the number of instances (three
    // instances crawling alone would be ~3x), and each fetches every page exactly once.
    expect(crawls.length).toBeGreaterThanOrEqual(1);
    expect(crawls.length).toBeLessThanOrEqual(intervals + 1);
    expectOneFetchPerPagePerCrawl(
      crawls,
      pagePaths.filter((p) => p !== '/feed.json'),
    );

    // Nothing changed upstream (every page 304), so no new snapshot was shared: the version is
    // the same everywhere, and every instance's data is younger through the holder's renewals.
    const after = await Promise.all(apps.map(status));
    const versions = new Set([...before, ...after].map((s) => s.redis?.version));
    expect(versions.size, `versions ${JSON.stringify([...versions])}`).toBe(1);
    after.forEach((s, i) =>
      expect(Date.parse(s.fetchedAt!)).toBeGreaterThan(Date.parse(before[i]!.fetchedAt!)),
    );
  }, 60_000);

  it('show a refresh made by one instance on every instance within seconds', async () => {
    up.setItems(items(35), { pageSize: 10 });
    await waitFor(async () => (await totals()).includes(35), REFRESH_SECONDS * 1000 + 15_000);
    const firstSeen = Date.now();
    await waitFor(async () => (await totals()).every((t) => t === 35), 5000);
    expect(Date.now() - firstSeen).toBeLessThan(5000);
  }, 60_000);

  it('keep serving while Redis is down, and rejoin when it is back', async () => {
    await redis.stop();
    await waitFor(
      async () =>
        (await Promise.all(live().map(status))).every(
          (s) => s.redis?.connected === false && s.redis.lastError,
        ),
      10_000,
    );
    // Through at least one refresh attempt during the outage.
    for (let i = 0; i < 3; i++) {
      expect(await totals()).toEqual([35, 35, 35]);
      await sleep((REFRESH_SECONDS * 1000) / 2);
    }
    const statuses = await Promise.all(live().map(status));
    expect(statuses.every((s) => s.briefs === 35 && s.source !== 'bundled')).toBe(true);

    await redis.restart();
    await waitFor(
      async () =>
        (await Promise.all(live().map(status))).every(
          (s) => s.redis?.connected && s.redis.lastError === null,
        ),
      15_000,
    );
    // Sharing again: one instance's refresh reaches the others.
    up.setItems(items(40), { pageSize: 10 });
    await waitFor(
      async () => (await totals()).every((t) => t === 40),
      REFRESH_SECONDS * 1000 + 15_000,
    );
  }, 90_000);

  it('let another instance take over after the lock expires when the holder dies mid-refresh', async () => {
    const [page1, page2] = pagePaths as [string, string];
    // The holder stalls on page 2, after it has extended its lease for page 1.
    up.fault('slow', { path: page2, times: 1 });
    up.setItems(items(45), { pageSize: 10 });
    const holder = await waitFor(
      async () => {
        for (const app of live()) {
          const s = await status(app);
          if (s.redis?.holdingLease && s.refreshing && s.refreshing.pagesDone >= 1) return app;
        }
        return null;
      },
      REFRESH_SECONDS * 1000 + 15_000,
    );
    await holder.stop(); // SIGKILL: no release
    const killedAt = Date.now();
    const crawlsBefore = up.requests(page1);

    let takeoverAt = 0;
    await waitFor(
      async () => {
        if (!takeoverAt && up.requests(page1) > crawlsBefore) takeoverAt = Date.now();
        const t = await totals();
        return t.length === 2 && t.every((n) => n === 45);
      },
      LOCK_TTL_MS + REFRESH_SECONDS * 1000 + 15_000,
    );
    // Nobody crawled while the dead holder's lease was still valid.
    expect(takeoverAt - killedAt).toBeGreaterThanOrEqual(LOCK_TTL_MS - 1000);
  }, 90_000);
});
