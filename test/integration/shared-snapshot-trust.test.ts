import { gzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedStatus } from '@/lib/serving/status';
import type { Brief } from '@/lib/briefs/types';
import type { SnapshotHead } from '@/lib/serving/shared/shared-snapshot';
import { plantHead, plantShared, readShared } from '@/test/support/shared-snapshot';
import { startApp, waitFor, type AppServer } from '@/dev/app-server';
import { startRedis, type RedisServer } from '@/dev/redis-server';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';

// Someone with write access to Redis, against a production server: a tampered snapshot (head or
// part) and a gzip bomb are refused and reported while the last good data is served; a snapshot
// signed with a leaked key still cannot put a meta refresh, a form or a style attribute on a page.

const SECRET = 'trust-test-secret-0123456789abcdef012345';
const META = '<meta http-equiv="refresh" content="4;url=http://evil.example/">';
const FORM = '<form action="http://evil.example/"><button>Log in again</button></form>';
const OVERLAY = '<a href="http://evil.example/" style="position:fixed;inset:0">Session expired</a>';

let redis: RedisServer;
let raw: Redis;
let up: UpstreamStandIn;
let app: AppServer;

async function status(): Promise<FeedStatus> {
  return (await (await fetch(`${app.url}/api/status`)).json()) as FeedStatus;
}

type Shared = { head: SnapshotHead; briefs: Brief[] };
let genuineSnapshot: Shared | null = null;

/** The version the app published (read once: the tests overwrite the keys). */
async function storedSnapshot(): Promise<Shared> {
  genuineSnapshot ??= await readShared(raw, SECRET);
  return genuineSnapshot;
}

function poisoned(snapshot: Shared): Shared {
  const briefs = snapshot.briefs.map((b) => ({
    ...b,
    title: 'Poisoned title',
    contentHtml: `${META}${FORM}${OVERLAY}`,
    sections: {
      overview: `${META}${FORM}${OVERLAY}`,
      attackChain: [],
      impact: null,
      recommendations: [],
      other: [],
      outline: [],
    },
  }));
  // New record keys, as an attacker would write them: an instance keeps the body it already
  // stores under a key it knows, so a body changed under the same key is never adopted.
  const pages = snapshot.head.pages.map((page) => ({
    ...page,
    entries: page.entries.map((e) => ('key' in e ? { ...e, key: `${String(e.key)}:poisoned` } : e)),
  }));
  return { head: { ...snapshot.head, pages }, briefs };
}

async function refusedFor(version: string): Promise<string> {
  return waitFor(async () => {
    const r = (await status()).redis?.refused;
    return r?.includes(`version ${version} `) ? r : null;
  }, 10_000);
}

async function expectGenuinePage(): Promise<void> {
  const brief = await (await fetch(`${app.url}/api/briefs/trust-1`)).json();
  expect(brief).toMatchObject({ title: 'Trusted brief 1' });
  const page = await (await fetch(`${app.url}/briefs/trust-1`)).text();
  expect(page).toContain('Genuine body 1.');
  expect(page).not.toContain('evil.example');
}

beforeAll(async () => {
  redis = await startRedis();
  raw = new Redis(redis.url);
  up = await startUpstream();
  up.setItems(
    [1, 2].map((n) => ({
      id: `/briefs/trust-${n}/`,
      title: `Trusted brief ${n}`,
      content_html: `<p>Genuine body ${n}.</p>`,
      date_published: '2026-11-20T10:00:00Z',
    })),
  );
  app = await startApp({
    FEED_URL: up.feedUrl,
    FEED_STIX_URL: 'off',
    REDIS_URL: redis.url,
    REDIS_SNAPSHOT_SECRET: SECRET,
    FEED_REFRESH_SECONDS: '3600',
  });
  await waitFor(async () => (await status()).redis?.version != null, 30_000);
}, 90_000);

afterAll(async () => {
  raw?.disconnect();
  await app?.stop();
  await up?.close();
  await redis?.stop();
});

describe('a shared snapshot is verified, not trusted', () => {
  it('refuses a tampered snapshot and a gzip bomb, reports them and serves the last good data', async () => {
    const forged = poisoned(await storedSnapshot());
    await plantShared(raw, {
      version: '9001',
      secret: 'not-the-deployment-secret-0123456789',
      ...forged,
    });
    expect(await refusedFor('9001')).toMatch(/signature does not match/);

    const bomb = gzipSync(Buffer.alloc(256 * 1024 * 1024, 0x20)); // 256 MB of spaces, ~250 kB
    await plantHead(raw, '9002', Buffer.concat([Buffer.alloc(32, 2), bomb]));
    expect(await refusedFor('9002')).toMatch(/signature does not match/);
    await expectGenuinePage();
  }, 40_000);

  it('refuses a version whose head is genuine when a part is forged, missing or moved', async () => {
    const forged = poisoned(await storedSnapshot());
    // Signed with the real key, but part 1 re-signed by someone without it.
    await plantShared(raw, {
      version: '9101',
      secret: SECRET,
      ...forged,
      tamper: (parts) => [parts[0]!, Buffer.concat([Buffer.alloc(32, 7), parts[1]!.subarray(32)])],
    });
    expect(await refusedFor('9101')).toMatch(/part 1: its signature does not match/);
    await plantShared(raw, {
      version: '9102',
      secret: SECRET,
      ...forged,
      tamper: (p) => p.slice(0, 1),
    });
    expect(await refusedFor('9102')).toMatch(/part 1 is missing/);
    await plantShared(raw, {
      version: '9103',
      secret: SECRET,
      ...forged,
      tamper: (p) => [...p].reverse(),
    });
    expect(await refusedFor('9103')).toMatch(/part 0: its signature does not match/);
    await expectGenuinePage();
  }, 40_000);

  it('refuses a signed snapshot of another feed', async () => {
    const genuine = await storedSnapshot();
    const head = { ...genuine.head, feedUrl: 'https://other.example/feed.json' };
    await plantShared(raw, { version: '9003', secret: SECRET, head, briefs: genuine.briefs });
    expect(await refusedFor('9003')).toMatch(/another feed/);
  });

  it('renders no meta, form or style attribute even from a snapshot signed with a leaked key', async () => {
    await plantShared(raw, {
      version: '9004',
      secret: SECRET,
      ...poisoned(await storedSnapshot()),
    });
    // Adopted (the key is the deployment's own) once the page shows it: the version is seen first,
    // its briefs are stored and served a moment later.
    const page = await waitFor(async () => {
      const html = await (await fetch(`${app.url}/briefs/trust-1`)).text();
      return html.includes('Poisoned title') && html;
    }, 10_000);
    const article = page.slice(page.indexOf('<article'), page.indexOf('</article>'));
    expect(article).toContain('Session expired');
    expect(article).not.toMatch(/<meta|<form|style=|http-equiv/i);
  });
});
