import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedStatus } from '@/lib/serving/status';
import { MAX_PART_BYTES } from '@/lib/serving/shared/signed-snapshot';
import { startApp, tempCacheDir, waitFor, type AppServer } from '@/dev/app-server';
import { buildFeed, startFeedUpstream, type BenchFeed } from '@/dev/load/feed';
import { startRedis, type RedisServer } from '@/dev/redis-server';
import type { UpstreamStandIn } from '@/dev/upstream/server';

// Two production servers share a 2,000-brief synthetic feed through a real Redis: the publisher
// stores it as bounded parts, and the adopter, which never crawls, serves every brief with the
// publisher's bytes.

const COUNT = 2000;
const SECRET = 'shared-parts-test-secret-0123456789abcdef';

let redis: RedisServer;
let raw: Redis;
let feed: BenchFeed;
let up: UpstreamStandIn;
let publisher: AppServer;
let adopter: AppServer;

async function status(app: AppServer): Promise<FeedStatus> {
  return (await (await fetch(`${app.url}/api/status`)).json()) as FeedStatus;
}

function start(): Promise<AppServer> {
  return startApp({
    FEED_URL: up.feedUrl,
    ATTACK_URL: 'off',
    FEED_MAX_PAGES: '100',
    REDIS_URL: redis.url,
    REDIS_SNAPSHOT_SECRET: SECRET,
    FEED_REFRESH_SECONDS: '3600',
    CACHE_DIR: tempCacheDir(),
  });
}

beforeAll(async () => {
  redis = await startRedis();
  raw = new Redis(redis.url);
  feed = buildFeed(COUNT);
  up = await startFeedUpstream(feed);
  publisher = await start();
  await waitFor(async () => {
    const s = await status(publisher);
    return s.redis?.version != null && s.briefs === COUNT && s.refreshing === false;
  }, 120_000);
}, 180_000);

afterAll(async () => {
  raw?.disconnect();
  await adopter?.stop();
  await publisher?.stop();
  await up?.close();
  await redis?.stop();
});

describe('a 2,000-brief shared version', () => {
  it('is stored as bounded parts, no value over the part cap', async () => {
    const version = (await raw.get('briefs:version'))!;
    const parts = await raw.keys(`briefs:snapshot:${version}:*`);
    expect(parts.length).toBeGreaterThan(5);
    expect(Number(await raw.get('briefs:parts'))).toBe(parts.length);
    expect(await raw.exists('briefs:snapshot')).toBe(0); // never one value for the whole feed
    for (const key of await raw.keys('briefs:*')) {
      if ((await raw.type(key)) === 'string')
        expect(await raw.strlen(key), key).toBeLessThanOrEqual(MAX_PART_BYTES);
    }
  });

  it('is adopted without a crawl, every brief byte-identical to the publisher', async () => {
    const version = (await status(publisher)).redis?.version;
    up.resetCounts();
    adopter = await start();
    await waitFor(async () => {
      const s = await status(adopter);
      return s.redis?.version === version && s.briefs === COUNT && s.refreshing === false;
    }, 60_000);
    expect(up.log.filter((l) => !l.path.startsWith('/stix'))).toEqual([]);
    expect((await status(adopter)).source).toBe('upstream');

    const slugs = [...feed.slugs];
    const differing: string[] = [];
    const worker = async () => {
      for (let slug = slugs.pop(); slug !== undefined; slug = slugs.pop()) {
        const path = `/api/briefs/${encodeURIComponent(slug)}`;
        const [a, b] = await Promise.all(
          [publisher, adopter].map(async (app) => {
            const res = await fetch(`${app.url}${path}`);
            expect(res.status, `${slug} on ${app.url}`).toBe(200);
            return res.text();
          }),
        );
        if (a !== b) differing.push(slug);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(differing).toEqual([]);
    const list = (app: AppServer) =>
      fetch(`${app.url}/api/briefs?pageSize=200&sort=oldest`).then((r) => r.text());
    expect(await list(adopter)).toBe(await list(publisher));
  }, 120_000);
});
