import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '@/dev/app-server';
import { startRedis, type RedisServer } from '@/dev/redis-server';
import { CoordinatorUnavailableError, type SnapshotCoordinator } from './coordinator';
import { gzipSync } from 'node:zlib';
import { createRedisCoordinator, redactRedisUrl } from './redis-coordinator';
import { signHead } from './signed-snapshot';
import type { Brief } from '@/lib/briefs/types';
import type { SharedSnapshotSource, SnapshotHead } from '@/lib/serving/shared/shared-snapshot';

// The coordinator against a real redis-server: leases, expiry, fencing, version news, outages.

let redis: RedisServer;
let raw: Redis;
const open: SnapshotCoordinator[] = [];
let prefixCount = 0;
const SECRET = 'test-secret-0123456789abcdef0123456789';

/** Coordinators sharing one fresh key prefix, as instances of one deployment. */
function deployment(
  count: number,
  opts: { pollMs?: number; url?: string; maxSnapshotBytes?: number } = {},
): SnapshotCoordinator[] {
  const keyPrefix = `test${++prefixCount}:`;
  return Array.from({ length: count }, () => {
    const c = createRedisCoordinator(opts.url ?? redis.url, {
      secret: SECRET,
      maxSnapshotBytes: opts.maxSnapshotBytes,
      keyPrefix,
      pollMs: opts.pollMs ?? 60_000,
    });
    open.push(c);
    return c;
  });
}

function snapshot(label: string): SharedSnapshotSource & { head: SnapshotHead; briefs: Brief[] } {
  return {
    head: {
      feedUrl: 'http://127.0.0.1/feed.json',
      fetchedAt: '2026-01-01T00:00:00.000Z',
      savedAt: '2026-01-01T00:00:00.000Z',
      pages: [
        {
          url: 'http://127.0.0.1/feed.json',
          validators: { etag: `"${label}"`, lastModified: null },
          nextUrl: null,
          entries: [{ slug: label }],
        },
      ],
      stix: { fetchedAt: null, reports: 0, sha1: null },
    },
    briefs: [{ slug: label, title: label } as unknown as Brief],
  };
}

/** The shared latest version read in full (its parts joined), or null. */
async function readAll(
  c: SnapshotCoordinator,
): Promise<{ version: string; head: SnapshotHead; briefs: Brief[] } | null> {
  const latest = await c.readLatest();
  if (!latest) return null;
  const briefs: Brief[] = [];
  for await (const part of latest.parts()) briefs.push(...part);
  return { version: latest.version, head: latest.head, briefs };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Until `count` coordinators of the latest deployment listen: a message sent before is lost. */
async function waitForSubscribers(count: number): Promise<void> {
  await waitFor(async () => {
    const [, subscribers] = (await raw.pubsub('NUMSUB', `test${prefixCount}:versions`)) as [
      string,
      number,
    ];
    return Number(subscribers) === count;
  }, 5000);
}
const LEASE_MS = 1000;

beforeAll(async () => {
  redis = await startRedis();
  raw = new Redis(redis.url, { lazyConnect: true });
  raw.on('error', () => undefined); // the outage tests stop Redis under it
  await raw.connect();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  raw?.disconnect();
  await redis?.stop();
});

describe('leases', () => {
  it('are exclusive until released, with increasing tokens', async () => {
    const [a, b] = deployment(2) as [SnapshotCoordinator, SnapshotCoordinator];
    const first = await a.tryAcquire(10_000);
    expect(first).not.toBeNull();
    expect(await b.tryAcquire(10_000)).toBeNull();
    expect(await a.tryAcquire(10_000)).toBeNull();
    await first!.release();
    const second = await b.tryAcquire(10_000);
    expect(second!.token).toBeGreaterThan(first!.token);
  });

  it('expire, so a holder that died frees the lock', async () => {
    const [a, b] = deployment(2) as [SnapshotCoordinator, SnapshotCoordinator];
    // TTLs of a second or more: a loaded CI machine can stall a few hundred ms between two calls.
    expect(await a.tryAcquire(LEASE_MS)).not.toBeNull();
    expect(await b.tryAcquire(LEASE_MS)).toBeNull();
    await sleep(LEASE_MS + 300);
    expect(await b.tryAcquire(LEASE_MS)).not.toBeNull();
  });

  it('extend keeps a lease alive and fails once it was lost; a stale release frees nothing', async () => {
    const [a, b, c] = deployment(3) as [
      SnapshotCoordinator,
      SnapshotCoordinator,
      SnapshotCoordinator,
    ];
    const kept = await a.tryAcquire(LEASE_MS);
    // Four extensions a third of the TTL apart outlive the first TTL.
    for (let i = 0; i < 4; i++) {
      await sleep(LEASE_MS / 3);
      expect(await kept!.extend()).toBe(true);
    }
    expect(await b.tryAcquire(LEASE_MS)).toBeNull();
    await sleep(LEASE_MS + 300);
    const taken = await b.tryAcquire(10_000);
    expect(taken).not.toBeNull();
    expect(await kept!.extend()).toBe(false);
    await kept!.release();
    expect(await c.tryAcquire(10_000)).toBeNull();
    expect(await taken!.extend()).toBe(true);
  });
});

describe('publish and read', () => {
  it('tells the shared version alone, without reading the snapshot', async () => {
    const [a, b] = deployment(2) as [SnapshotCoordinator, SnapshotCoordinator];
    expect(await b.readVersion()).toBeNull();
    const lease = await a.tryAcquire(10_000);
    expect(await lease!.publish(snapshot('v1'))).toBe(true);
    expect(await b.readVersion()).toBe(String(lease!.token));
  });

  it('round-trips the snapshot (gzip) with the token as version', async () => {
    const [a, b] = deployment(2) as [SnapshotCoordinator, SnapshotCoordinator];
    expect(await b.readLatest()).toBeNull();
    const lease = await a.tryAcquire(10_000);
    expect(await lease!.publish(snapshot('one'))).toBe(true);
    const latest = await readAll(b);
    expect(latest).toMatchObject({ version: String(lease!.token), head: snapshot('one').head });
    expect(latest?.briefs).toEqual(snapshot('one').briefs);
  });

  it('fences a late writer: an old token cannot overwrite a newer publish', async () => {
    const [a, b] = deployment(2) as [SnapshotCoordinator, SnapshotCoordinator];
    const old = await a.tryAcquire(200);
    await sleep(500);
    const current = await b.tryAcquire(10_000);
    expect(await current!.publish(snapshot('new'))).toBe(true);
    expect(await old!.publish(snapshot('old'))).toBe(false);
    const latest = await readAll(a);
    expect(latest?.version).toBe(String(current!.token));
    expect(latest?.briefs[0]?.slug).toBe('new');
  });

  it('keeps tokens above any stored version after Redis lost its keys', async () => {
    const [a] = deployment(1) as [SnapshotCoordinator];
    const lease = await a.tryAcquire(10_000);
    await lease!.release();
    // What a restart without persistence does to the counter, while a late holder still publishes.
    const keys = await raw.keys(`test${prefixCount}:*`);
    if (keys.length) await raw.del(...keys);
    await raw.set(`test${prefixCount}:fence`, '0');
    expect(await lease!.publish(snapshot('late'))).toBe(true);
    const next = await a.tryAcquire(10_000);
    expect(next!.token).toBeGreaterThan(lease!.token);
    expect(await next!.publish(snapshot('next'))).toBe(true);
  });
});

describe('version news', () => {
  it('reaches other instances through pub/sub, not the publisher itself', async () => {
    const [a, b] = deployment(2) as [SnapshotCoordinator, SnapshotCoordinator];
    const seenByA: string[] = [];
    const seenByB: string[] = [];
    a.onVersionChange((v) => seenByA.push(v));
    b.onVersionChange((v) => seenByB.push(v));
    await waitForSubscribers(2);
    const lease = await a.tryAcquire(10_000);
    await lease!.publish(snapshot('x'));
    await waitFor(async () => seenByB.includes(String(lease!.token)), 5000);
    expect(seenByA).toEqual([]);
    expect(b.status().version).toBe(String(lease!.token));
  });

  it('tells others of a renewal without a new version, and readLatest carries its time', async () => {
    const [a, b] = deployment(2) as [SnapshotCoordinator, SnapshotCoordinator];
    const versions: string[] = [];
    const renewals: [string, string][] = [];
    b.onVersionChange((v) => versions.push(v));
    b.onRenewed((v, at) => renewals.push([v, at]));
    await waitForSubscribers(1);
    const first = await a.tryAcquire(10_000);
    await first!.publish(snapshot('same'));
    await first!.release();
    const version = String(first!.token);
    await waitFor(async () => versions.includes(version), 5000);

    const second = await a.tryAcquire(10_000);
    expect(await second!.renew(version, '2026-02-01T00:00:00.000Z')).toBe(true);
    await waitFor(async () => renewals.length > 0, 5000);
    expect(renewals).toEqual([[version, '2026-02-01T00:00:00.000Z']]);
    expect(versions).toEqual([version]);
    expect(await b.readVersion()).toBe(version);
    const latest = await b.readLatest();
    expect(latest?.version).toBe(version);
    expect(latest?.head.fetchedAt).toBe('2026-02-01T00:00:00.000Z');
  });

  it('refuses a renewal of a version no longer shared, or from a fenced lease', async () => {
    const [a] = deployment(1) as [SnapshotCoordinator];
    const old = await a.tryAcquire(200);
    await sleep(500);
    const current = await a.tryAcquire(10_000);
    await current!.publish(snapshot('new'));
    const version = String(current!.token);
    expect(await current!.renew('1', '2026-02-01T00:00:00.000Z')).toBe(false);
    expect(await old!.renew(version, '2026-02-01T00:00:00.000Z')).toBe(false);
    expect((await a.readLatest())?.head.fetchedAt).toBe('2026-01-01T00:00:00.000Z');
    // A new publish forgets the renewals of the version it replaces.
    expect(await current!.renew(version, '2026-02-01T00:00:00.000Z')).toBe(true);
    expect(await current!.publish(snapshot('newer'))).toBe(true);
    expect((await a.readLatest())?.head.fetchedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('hears a lost renewal through the poll', async () => {
    const [b] = deployment(1, { pollMs: 100 }) as [SnapshotCoordinator];
    const renewals: [string, string][] = [];
    b.onRenewed((v, at) => renewals.push([v, at]));
    // Set without PUBLISH: only the poll can notice.
    await raw.set(`test${prefixCount}:renewed`, '7 2026-03-01T00:00:00.000Z');
    await waitFor(async () => renewals.length > 0, 2000);
    await sleep(300);
    expect(renewals).toEqual([['7', '2026-03-01T00:00:00.000Z']]); // once, however many polls
  });

  it('falls back to polling the version key when a message is lost', async () => {
    const [b] = deployment(1, { pollMs: 100 }) as [SnapshotCoordinator];
    const seen: string[] = [];
    b.onVersionChange((v) => seen.push(v));
    // Set without PUBLISH: only the poll can notice.
    await raw.set(`test${prefixCount}:version`, '42');
    await waitFor(async () => seen.includes('42'), 2000);
  });
});

describe('outages', () => {
  it('fails fast with CoordinatorUnavailableError when Redis is not there', async () => {
    const port = await freePort();
    const [c] = deployment(1, { url: `redis://:s3cret@127.0.0.1:${port}` }) as [
      SnapshotCoordinator,
    ];
    for (const call of [() => c.tryAcquire(1000), () => c.readLatest()]) {
      const started = Date.now();
      await expect(call()).rejects.toBeInstanceOf(CoordinatorUnavailableError);
      expect(Date.now() - started).toBeLessThan(2000);
    }
    const status = c.status();
    expect(status.connected).toBe(false);
    expect(status.lastError).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(status)).not.toContain('s3cret');
  });

  it('never shows credentials', () => {
    expect(redactRedisUrl('redis://admin:s3cret@cache.internal:6380/2')).toBe(
      'redis://redacted@cache.internal:6380/2',
    );
  });

  it('refuses a snapshot whose signature does not match and keeps refusing it without re-reading', async () => {
    const [a, b] = deployment(2) as [SnapshotCoordinator, SnapshotCoordinator];
    const lease = await a.tryAcquire(10_000);
    await lease!.publish(snapshot('good'));
    expect((await readAll(b))?.briefs[0]?.slug).toBe('good');
    // Someone with write access to Redis swaps the head, keeping the signature bytes.
    const key = `test${prefixCount}:head`;
    const stored = (await raw.getBuffer(key))!;
    const forged = gzipSync(JSON.stringify(snapshot('<meta http-equiv=refresh>').head));
    await raw.set(key, Buffer.concat([stored.subarray(0, 32), forged]));
    await raw.set(`test${prefixCount}:version`, '999');
    expect(await b.readLatest()).toBeNull();
    expect(b.status().refused).toMatch(/version 999 .*signature does not match/);
    // A forged body without any signature room at all.
    await raw.set(key, 'x');
    await raw.set(`test${prefixCount}:version`, '1000');
    expect(await b.readLatest()).toBeNull();
    expect(b.status().refused).toMatch(/version 1000 .*no signature/);
  });

  it('refuses a gzip bomb: unsigned without inflating it, signed at the size cap', async () => {
    const [b] = deployment(1, { maxSnapshotBytes: 8 * 1024 * 1024 }) as [SnapshotCoordinator];
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)); // 64 MB of spaces, ~64 kB gzip'd
    const key = `test${prefixCount}:head`;
    await raw.set(key, Buffer.concat([Buffer.alloc(32), bomb]));
    await raw.set(`test${prefixCount}:version`, '7');
    const before = process.memoryUsage().rss;
    expect(await b.readLatest()).toBeNull();
    expect(b.status().refused).toMatch(/signature/);
    // Even a bomb signed with the real key (a leaked secret) stops at the cap.
    await raw.set(key, Buffer.concat([signHead(SECRET, '8', bomb), bomb]));
    await raw.set(`test${prefixCount}:version`, '8');
    expect(await b.readLatest()).toBeNull();
    expect(b.status().refused).toMatch(/inflates past the 8 MB cap/);
    console.log(`gzip bomb: RSS grew ${Math.round((process.memoryUsage().rss - before) / 1e6)} MB`);
  });

  it('rejoins after Redis restarts, without a new coordinator', async () => {
    const [a, b] = deployment(2, { pollMs: 200 }) as [SnapshotCoordinator, SnapshotCoordinator];
    const seen: string[] = [];
    b.onVersionChange((v) => seen.push(v));
    expect(await a.tryAcquire(10_000)).not.toBeNull();
    await redis.stop();
    const started = Date.now();
    await expect(a.tryAcquire(10_000)).rejects.toBeInstanceOf(CoordinatorUnavailableError);
    expect(Date.now() - started).toBeLessThan(2000);
    await waitFor(async () => !a.status().connected && a.status().lastError !== null, 3000);
    await redis.restart();
    await raw.ping().catch(() => undefined); // the test's own client reconnects too
    await waitFor(async () => a.status().connected && a.status().lastError === null, 10_000);
    const lease = await waitFor(() => a.tryAcquire(10_000).catch(() => null), 5000);
    await lease.publish(snapshot('after'));
    // Pub/sub resubscribed or the poll caught up: either way B hears of it.
    await waitFor(async () => seen.includes(String(lease.token)), 5000);
  }, 30_000);
});
