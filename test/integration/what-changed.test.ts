import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BriefChanges } from '@/lib/briefs/changes';
import type { BriefListItem } from '@/lib/briefs/types';
import { BASIC_SLUGS } from '@/dev/fixtures/basic';
import { BASIC_V2_CHANGES, BASIC_V2_REVISED_AT } from '@/dev/fixtures/basic-v2';
import { startApp, tempCacheDir, waitFor, type AppServer } from '@/dev/app-server';
import { startRedis, type RedisServer } from '@/dev/redis-server';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';

// "What changed" through the production server: the stand-in serves the basic feed, then its
// second version (basic-v2: five briefs revised, 25 untouched). Exactly those five show exactly
// their changes in the JSON API, the brief page, the list (sort=updated) and the three feed
// formats; after a restart that serves from the brief store (the upstream down); and on two
// instances sharing Redis, where only one crawls and the other adopts the shared version.

const CHANGED = Object.keys(BASIC_V2_CHANGES).sort();
const EXCHANGE = '2026-11-exchange-server-web-shells';

let up: UpstreamStandIn;
const apps: AppServer[] = [];

async function getJson<T>(app: AppServer, path: string): Promise<T> {
  const res = await fetch(`${app.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

async function status(app: AppServer) {
  return getJson<{
    source: string;
    briefs: number;
    refreshing: unknown;
    normalizedItems: number;
    upstream: { lastSuccessAt: string | null };
  }>(app, '/api/status');
}

const changesOf = async (app: AppServer, slug: string) =>
  (await getJson<{ changes: BriefChanges | null }>(app, `/api/briefs/${slug}`)).changes;

/** Every brief's latest change sentences, by slug, for the briefs that have any. */
async function changedBriefs(app: AppServer): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const slug of BASIC_SLUGS) {
    const changes = await changesOf(app, slug);
    if (changes) found[slug] = changes.versions[0]!.changes.map((c) => c.text);
  }
  return found;
}

async function listItems(app: AppServer, query = ''): Promise<BriefListItem[]> {
  return (await getJson<{ items: BriefListItem[] }>(app, `/api/briefs?pageSize=200${query}`)).items;
}

const serving = (app: AppServer, source = 'upstream') =>
  waitFor(async () => {
    const s = await status(app);
    return s.source === source && s.briefs === 30 && s.refreshing === false;
  }, 60_000);

/** Until the revised feed is served (its last brief of the five is found changed). */
const servingV2 = (app: AppServer) =>
  waitFor(async () => (await listItems(app)).filter((b) => b.changed).length === 5, 60_000);

async function expectExactlyTheFiveChanges(app: AppServer): Promise<void> {
  expect(await changedBriefs(app)).toEqual(BASIC_V2_CHANGES);
  const items = await listItems(app);
  expect(
    items
      .filter((b) => b.changed)
      .map((b) => b.slug)
      .sort(),
  ).toEqual(CHANGED);
  for (const b of items.filter((i) => i.changed))
    expect(b.changed!.what, b.slug).toEqual(BASIC_V2_CHANGES[b.slug]);
}

beforeAll(async () => {
  up = await startUpstream();
  up.loadFixture('basic');
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await up.close();
});

describe('one instance, then its restart', () => {
  const cacheDir = tempCacheDir();
  const env = () => ({
    FEED_URL: up.feedUrl,
    FEED_STIX_URL: up.stixUrl,
    CACHE_DIR: cacheDir,
    FEED_REFRESH_SECONDS: '2',
  });
  let app: AppServer;

  it('a first crawl records no change; the second version shows exactly its five', async () => {
    app = await startApp(env());
    apps.push(app);
    await serving(app);
    expect((await listItems(app)).filter((b) => b.changed)).toEqual([]);
    expect(await changesOf(app, EXCHANGE)).toBeNull();

    const before = new Date().toISOString();
    up.loadFixture('basic-v2');
    await servingV2(app);
    await expectExactlyTheFiveChanges(app);

    const exchange = (await changesOf(app, EXCHANGE))!;
    expect(exchange.updated).toBe(new Date(BASIC_V2_REVISED_AT).toISOString());
    expect(exchange.changedAt >= before).toBe(true);
    expect(exchange.versions).toHaveLength(1);
    expect(exchange.versions[0]!.changes).toEqual([
      {
        kind: 'severity',
        from: 'high',
        to: 'critical',
        text: 'severity raised from high to critical',
      },
    ]);
    // The rewritten recommendation kept its date_modified: "Updated" is when it was seen.
    const s3 = (await changesOf(app, '2026-11-s3-bucket-deletion-cloudtrail'))!;
    expect(s3.updated).toBe(s3.changedAt);
  }, 120_000);

  it('a refresh that finds nothing new keeps the changes', async () => {
    const last = (await status(app)).upstream.lastSuccessAt;
    await waitFor(async () => (await status(app)).upstream.lastSuccessAt !== last, 20_000);
    await expectExactlyTheFiveChanges(app);
  });

  it('the brief page says "Updated" and what changed; an untouched brief says neither', async () => {
    const html = await (await fetch(`${app.url}/briefs/${EXCHANGE}`)).text();
    expect(html).toContain('data-testid="what-changed"');
    expect(html).toContain('What changed');
    expect(html).toContain('Severity raised from high to critical');
    expect(html).toMatch(/Updated\s*(<!-- -->)?\s*<time dateTime="2026-12-01T08:00:00.000Z"/);
    const cve = await (
      await fetch(`${app.url}/briefs/2026-11-connect-secure-stack-overflow`)
    ).text();
    expect(cve).toContain('A CVE added: CVE-2025-22457');
    const untouched = await (await fetch(`${app.url}/briefs/${BASIC_SLUGS[0]}`)).text();
    expect(untouched).not.toContain('What changed');
  });

  it('sort=updated lists the five changed briefs first; a bad sort is a 400 naming it', async () => {
    const items = await listItems(app, '&sort=updated');
    expect(
      items
        .slice(0, 5)
        .map((b) => b.slug)
        .sort(),
    ).toEqual(CHANGED);
    const bad = await fetch(`${app.url}/api/briefs?sort=changed`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { parameter: string } }).error.parameter).toBe('sort');
  });

  it('RSS, Atom and JSON Feed items of a changed brief say so', async () => {
    const line = 'Updated 2026-12-01: severity raised from high to critical.';
    const atom = await (await fetch(`${app.url}/feed.atom`)).text();
    const entry = atom.split('<entry>').find((e) => e.includes(`/briefs/${EXCHANGE}/`))!;
    expect(entry).toContain('<updated>2026-12-01T08:00:00.000Z</updated>');
    expect(entry).toContain(line);
    const untouchedEntry = atom
      .split('<entry>')
      .find((e) => e.includes(`/briefs/${BASIC_SLUGS[0]}/`))!;
    expect(untouchedEntry).not.toContain('Updated 20');

    const rss = await (await fetch(`${app.url}/feed.xml`)).text();
    const item = rss.split('<item>').find((e) => e.includes(`/briefs/${EXCHANGE}`))!;
    expect(item).toContain(line);

    const feed = await getJson<{
      items: { url: string; summary: string; date_modified?: string; _cs_changes?: string[] }[];
    }>(app, '/feed.json');
    const jsonItem = feed.items.find((i) => i.url.endsWith(`/briefs/${EXCHANGE}`))!;
    expect(jsonItem.date_modified).toBe('2026-12-01T08:00:00.000Z');
    expect(jsonItem.summary.startsWith(line)).toBe(true);
    expect(jsonItem._cs_changes).toEqual(['severity raised from high to critical']);
    expect(feed.items.filter((i) => i._cs_changes).length).toBe(5);
  });

  it('a restart serves the same changes from the store, normalising nothing', async () => {
    const before = await changesOf(app, EXCHANGE);
    await app.stop();
    up.fault('down');
    const restarted = await startApp(env());
    apps.push(restarted);
    await serving(restarted, 'disk');
    await expectExactlyTheFiveChanges(restarted);
    expect(await changesOf(restarted, EXCHANGE)).toEqual(before);
    expect((await status(restarted)).normalizedItems).toBe(0);
    await restarted.stop();
    up.fault(null);
  }, 120_000);
});

describe('two instances sharing Redis', () => {
  let redis: RedisServer;
  let shared: UpstreamStandIn;

  beforeAll(async () => {
    redis = await startRedis();
    shared = await startUpstream();
    shared.loadFixture('basic');
  });
  afterAll(async () => {
    await shared.close();
    await redis.stop();
  });

  it('the instance that did not crawl the revision shows the same history', async () => {
    const pair = await Promise.all(
      [0, 1].map(() =>
        startApp({
          FEED_URL: shared.feedUrl,
          FEED_STIX_URL: shared.stixUrl,
          REDIS_URL: redis.url,
          REDIS_SNAPSHOT_SECRET: 'what-changed-test-secret-0123456789abcdef',
          FEED_REFRESH_SECONDS: '3',
          REDIS_LOCK_TTL_MS: '3000',
          CACHE_DIR: tempCacheDir(),
        }),
      ),
    );
    apps.push(...pair);
    await Promise.all(pair.map((app) => serving(app)));
    shared.loadFixture('basic-v2');
    await Promise.all(pair.map(servingV2));
    for (const app of pair) await expectExactlyTheFiveChanges(app);
    for (const slug of CHANGED)
      expect(await changesOf(pair[1]!, slug), slug).toEqual(await changesOf(pair[0]!, slug));
  }, 180_000);
});
