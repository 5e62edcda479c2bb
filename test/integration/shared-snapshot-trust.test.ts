import { gzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedStatus } from '@/lib/api/types';
import { signSnapshot } from '@/lib/feed/shared-refresh/signed-snapshot';
import { startApp, waitFor, type AppServer } from '@/dev/app-server';
import { startRedis, type RedisServer } from '@/dev/redis-server';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';

// Someone with write access to Redis, against a production server: a tampered snapshot and a gzip
// bomb are refused and reported while the last good data is served; a snapshot signed with a
// leaked key still cannot put a meta refresh, a form or a style attribute on a page.

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

let genuineSnapshot: Record<string, unknown> | null = null;

/** The snapshot the app published (read once: the tests overwrite the key). */
async function storedSnapshot(): Promise<Record<string, unknown>> {
  if (genuineSnapshot) return genuineSnapshot;
  const stored = (await raw.getBuffer('briefs:snapshot'))!;
  const { gunzipSync } = await import('node:zlib');
  genuineSnapshot = JSON.parse(gunzipSync(stored.subarray(32)).toString('utf8')) as Record<
    string,
    unknown
  >;
  return genuineSnapshot;
}

/** Writes a snapshot under a new version and announces it, as the PUBLISH script would. */
async function plant(version: string, body: Buffer): Promise<void> {
  await raw.set('briefs:snapshot', body);
  await raw.set('briefs:version', version);
  await raw.publish('briefs:versions', version);
}

function poisoned(snapshot: Record<string, unknown>): Record<string, unknown> {
  const briefs = (snapshot.briefs as Record<string, unknown>[]).map((b) => ({
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
  const pages = (snapshot.pages as { entries: Record<string, unknown>[] }[]).map((page) => ({
    ...page,
    entries: page.entries.map((e) => ('key' in e ? { ...e, key: `${String(e.key)}:poisoned` } : e)),
  }));
  return { ...snapshot, pages, briefs };
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
    const genuine = await storedSnapshot();
    const forged = gzipSync(JSON.stringify(poisoned(genuine)));
    await plant('9001', Buffer.concat([Buffer.alloc(32, 1), forged]));
    const refused = await waitFor(async () => (await status()).redis?.refused, 10_000);
    expect(refused).toMatch(/version 9001 .*signature does not match/);

    const bomb = gzipSync(Buffer.alloc(256 * 1024 * 1024, 0x20)); // 256 MB of spaces, ~250 kB
    await plant('9002', Buffer.concat([Buffer.alloc(32, 2), bomb]));
    const bombRefused = await waitFor(async () => {
      const r = (await status()).redis?.refused;
      return r?.includes('9002') ? r : null;
    }, 10_000);
    expect(bombRefused).toMatch(/signature does not match/);

    const brief = await (await fetch(`${app.url}/api/briefs/trust-1`)).json();
    expect(brief).toMatchObject({ title: 'Trusted brief 1' });
    const page = await (await fetch(`${app.url}/briefs/trust-1`)).text();
    expect(page).toContain('Genuine body 1.');
    expect(page).not.toContain('evil.example');
  }, 40_000);

  it('refuses a signed snapshot of another feed', async () => {
    const other = { ...(await storedSnapshot()), feedUrl: 'https://other.example/feed.json' };
    const gz = gzipSync(JSON.stringify(other));
    await plant('9003', Buffer.concat([signSnapshot(SECRET, '9003', gz), gz]));
    const refused = await waitFor(async () => {
      const r = (await status()).redis?.refused;
      return r?.includes('9003') ? r : null;
    }, 10_000);
    expect(refused).toMatch(/another feed/);
  });

  it('renders no meta, form or style attribute even from a snapshot signed with a leaked key', async () => {
    const gz = gzipSync(JSON.stringify(poisoned(await storedSnapshot())));
    await plant('9004', Buffer.concat([signSnapshot(SECRET, '9004', gz), gz]));
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
