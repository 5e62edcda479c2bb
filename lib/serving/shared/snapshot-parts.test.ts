import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '@/dev/redis-server';
import type { Brief } from '@/lib/briefs/types';
import type { SharedSnapshotSource } from '@/lib/serving/shared/shared-snapshot';
import { plantShared } from '@/test/support/shared-snapshot';
import type { SnapshotCoordinator } from './coordinator';
import { createRedisCoordinator } from './redis-coordinator';
import { PART_READ_END } from './snapshot-parts';
import { MAX_PART_BYTES, PART_TARGET_BYTES, signPart } from './signed-snapshot';

// A shared version as parts in a real redis-server: bounded values, a version that flips only
// once every part is stored, old parts that expire, and an adopter that refuses the whole version
// for one forged, missing, moved or oversized part.

const SECRET = 'parts-test-secret-0123456789abcdef0123';
let redis: RedisServer;
let raw: Redis;
const open: SnapshotCoordinator[] = [];
let prefixCount = 0;
let prefix = '';

function deployment(count: number, maxSnapshotBytes?: number): SnapshotCoordinator[] {
  prefix = `parts${++prefixCount}:`;
  return Array.from({ length: count }, () => {
    const c = createRedisCoordinator(redis.url, {
      secret: SECRET,
      keyPrefix: prefix,
      pollMs: 60_000,
      maxSnapshotBytes,
    });
    open.push(c);
    return c;
  });
}

/** `count` briefs with ~12 kB bodies that gzip poorly (hex), as real bodies do not compress away. */
function briefs(count: number, label = 'b'): Brief[] {
  return Array.from(
    { length: count },
    (_, i) =>
      ({
        slug: `${label}-${i}`,
        title: `Brief ${i} — ünïcödé`,
        contentHtml: `<p>${randomBytes(6000).toString('hex')}</p>`,
        text: `text ${i}`,
      }) as unknown as Brief,
  );
}

function source(list: Brief[]): SharedSnapshotSource {
  return {
    head: {
      feedUrl: 'http://127.0.0.1/feed.json',
      fetchedAt: '2026-01-01T00:00:00.000Z',
      savedAt: '2026-01-01T00:00:00.000Z',
      pages: [
        {
          url: 'http://127.0.0.1/feed.json',
          validators: { etag: null, lastModified: null },
          nextUrl: null,
          entries: list.map((b) => ({ slug: b.slug })),
        },
      ],
      stix: { fetchedAt: null, reports: 0, sha1: null },
    },
    briefs: list,
  };
}

async function readAll(c: SnapshotCoordinator): Promise<Brief[]> {
  const latest = await c.readLatest();
  if (!latest) throw new Error('no shared version');
  const out: Brief[] = [];
  for await (const part of latest.parts()) out.push(...part);
  return out;
}

const partKeys = (version: string) => raw.keys(`${prefix}snapshot:${version}:*`);

beforeAll(async () => {
  redis = await startRedis();
  raw = new Redis(redis.url);
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  raw?.disconnect();
  await redis?.stop();
});

describe('a shared version in parts', () => {
  it('stores N briefs as bounded parts and reads them back identical, in order', async () => {
    const [a, b] = deployment(2) as [SnapshotCoordinator, SnapshotCoordinator];
    const list = briefs(400); // ~4.8 MB of JSON: several parts
    const lease = await a.tryAcquire(10_000);
    expect(await lease!.publish(source(list))).toBe(true);
    const version = String(lease!.token);
    const keys = await partKeys(version);
    expect(keys.length).toBeGreaterThanOrEqual(4);
    expect(await raw.get(`${prefix}parts`)).toBe(String(keys.length));
    // No value in Redis is over the part cap, and each part is about the target size.
    for (const key of await raw.keys(`${prefix}*`)) {
      if ((await raw.type(key)) !== 'string') continue;
      expect(await raw.strlen(key), key).toBeLessThanOrEqual(MAX_PART_BYTES);
    }
    for (const key of keys) expect(await raw.strlen(key)).toBeLessThan(PART_TARGET_BYTES);
    expect(await raw.pttl(keys[0]!)).toBe(-1); // published: no staging expiry left
    expect(await readAll(b)).toEqual(list);
  });

  it('flips the version only after every part is written, and drops a version missing a part', async () => {
    const [a] = deployment(1) as [SnapshotCoordinator];
    const first = await a.tryAcquire(10_000);
    await first!.publish(source(briefs(3, 'first')));
    await first!.release();
    const seen: (string | null)[] = [];
    const second = await a.tryAcquire(10_000);
    const id = String(second!.token);
    const list = briefs(300, 'second');
    function* watched(): Generator<Brief> {
      for (const [i, brief] of list.entries()) {
        // Mid-publish, as another instance would look: still the first version.
        if (i === 200) void raw.get(`${prefix}version`).then((v) => seen.push(v));
        yield brief;
      }
    }
    expect(await second!.publish({ ...source(list), briefs: watched() })).toBe(true);
    expect(seen).toEqual([String(first!.token)]);
    expect(await raw.get(`${prefix}version`)).toBe(id);

    // A staged part lost before the flip (evicted, deleted): the version does not flip.
    await second!.release();
    const lost = await a.tryAcquire(10_000);
    function* losing(): Generator<Brief> {
      for (const [i, brief] of list.entries()) {
        if (i === 200) void raw.del(`${prefix}snapshot:${lost!.token}:0`);
        yield brief;
      }
    }
    expect(await lost!.publish({ ...source(list), briefs: losing() })).toBe(false);
    expect(await raw.get(`${prefix}version`)).toBe(id);
    expect(await partKeys(String(lost!.token))).toEqual([]);
  });

  it("expires a replaced version's parts and deletes a fenced writer's", async () => {
    const [a, b] = deployment(2) as [SnapshotCoordinator, SnapshotCoordinator];
    const old = await a.tryAcquire(200);
    await new Promise((r) => setTimeout(r, 400));
    const first = await b.tryAcquire(10_000);
    await first!.publish(source(briefs(200, 'one')));
    await first!.release();
    const second = await b.tryAcquire(10_000);
    await second!.publish(source(briefs(200, 'two')));
    for (const key of await partKeys(String(first!.token))) {
      const ttl = await raw.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(2 * 60_000);
    }
    expect(await old!.publish(source(briefs(200, 'late')))).toBe(false);
    expect(await partKeys(String(old!.token))).toEqual([]);
  });

  describe('refuses the whole version', () => {
    async function published(): Promise<{ reader: SnapshotCoordinator; version: string }> {
      const [a, reader] = deployment(2) as [SnapshotCoordinator, SnapshotCoordinator];
      const lease = await a.tryAcquire(10_000);
      await lease!.publish(source(briefs(300)));
      return { reader, version: String(lease!.token) };
    }

    async function expectRefused(reader: SnapshotCoordinator, reason: RegExp): Promise<void> {
      await expect(readAll(reader)).rejects.toThrow(reason);
      expect(reader.status().refused).toMatch(reason);
      expect(await reader.readLatest()).toBeNull(); // not read again while it stands
    }

    it('for a tampered part', async () => {
      const { reader, version } = await published();
      const key = `${prefix}snapshot:${version}:1`;
      const stored = (await raw.getBuffer(key))!;
      stored[stored.length - 10]! ^= 0xff;
      await raw.set(key, stored);
      await expectRefused(reader, /part 1: its signature does not match/);
    });

    it('for a missing part', async () => {
      const { reader, version } = await published();
      await raw.del(`${prefix}snapshot:${version}:2`);
      await expectRefused(reader, /part 2 is missing/);
    });

    it('for reordered parts', async () => {
      const { reader, version } = await published();
      const [zero, one] = [`${prefix}snapshot:${version}:0`, `${prefix}snapshot:${version}:1`];
      const [p0, p1] = [(await raw.getBuffer(zero))!, (await raw.getBuffer(one))!];
      await raw.set(zero, p1);
      await raw.set(one, p0);
      await expectRefused(reader, /part 0: its signature does not match/);
    });

    it('for a part of another version', async () => {
      const [a, reader] = deployment(2) as [SnapshotCoordinator, SnapshotCoordinator];
      const first = await a.tryAcquire(10_000);
      await first!.publish(source(briefs(300, 'one')));
      await first!.release();
      const second = await a.tryAcquire(10_000);
      await second!.publish(source(briefs(300, 'two')));
      const replayed = (await raw.getBuffer(`${prefix}snapshot:${first!.token}:0`))!;
      await raw.set(`${prefix}snapshot:${second!.token}:0`, replayed);
      await expectRefused(reader, /part 0: its signature does not match/);
    });

    it('for a part stored past the cap, without reading more than the cap', async () => {
      const { reader, version } = await published();
      await raw.set(`${prefix}snapshot:${version}:0`, Buffer.alloc(PART_READ_END + 4096));
      await expectRefused(reader, /part 0 is stored past the 16 MB cap/);
    });

    it('for a signed part that inflates past REDIS_SNAPSHOT_MAX_BYTES', async () => {
      const [reader] = deployment(1, 8 * 1024 * 1024) as [SnapshotCoordinator];
      await plantShared(raw, {
        version: '77',
        secret: SECRET,
        prefix,
        ...source(briefs(2)),
        briefs: briefs(2),
        tamper: (parts) => {
          const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
          // Signed with the real key (a leaked secret): the cap still holds.
          const ref = { version: '77', nonce: 'planted-nonce-77-0123456789', index: 1 };
          return [parts[0]!, Buffer.concat([signPart(SECRET, ref, bomb), bomb])];
        },
      });
      await expectRefused(reader, /part 1: it inflates past the 8 MB cap/);
    });
  });
});
