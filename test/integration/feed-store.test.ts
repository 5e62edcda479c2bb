import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '@/lib/config';
import { emptyFilter } from '@/lib/briefs/filter/url';
import { briefStoreFile } from '@/lib/serving/brief-store';
import { ServedFeed } from '@/lib/serving/served-feed';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';

// The store against a real HTTP stand-in of the upstream: crawl, revalidation, faults,
// restart from disk, the bundled fallback and single flight.

function item(n: number, extra: Record<string, unknown> = {}) {
  const slug = `2026-10-store-test-${String(n).padStart(3, '0')}`;
  return {
    id: n % 2 ? `/briefs/${slug}/` : `https://feed.craftedsignal.io/briefs/${slug}/`,
    url: `https://feed.craftedsignal.io/briefs/${slug}/`,
    title: `Store test brief ${n}`,
    summary: `Summary of store test brief ${n}.`,
    content_html: `<p>Overview ${n}.</p><h2 id="attack-chain">Attack Chain</h2><ol><li>Step one</li><li>Step two</li></ol>`,
    date_published: new Date(Date.UTC(2026, 9, 1 + (n % 28), 12)).toISOString(),
    _cs_type: 'threat',
    _cs_severities: [n % 3 ? 'high' : 'critical'],
    _cs_vendors: ['Fortinet'],
    _cs_products: ['FortiGate (< 7.4.3)'],
    _cs_tags: ['initial_access'],
    ...extra,
  };
}

const ITEMS = Array.from({ length: 25 }, (_, i) => item(i + 1));
const PAGE_PATHS = (up: UpstreamStandIn) =>
  up.log.filter((l) => !l.path.startsWith('/stix')).map((l) => l.path);

let up: UpstreamStandIn;
let cacheDir: string;

function config(env: Record<string, string> = {}) {
  return parseConfig({
    FEED_URL: up.feedUrl,
    FEED_STIX_URL: 'off',
    ATTACK_URL: 'off',
    CACHE_DIR: cacheDir,
    FEED_TIMEOUT_MS: '800',
    FEED_MAX_BYTES: String(2 * 1024 * 1024),
    ...env,
  });
}

async function loadedStore(env: Record<string, string> = {}) {
  const store = await ServedFeed.load(config(env));
  await store.refresh();
  return store;
}

// A fresh stand-in per test: routes, faults and counters never leak between tests.
beforeEach(async () => {
  cacheDir = mkdtempSync(path.join(tmpdir(), 'store-test-'));
  up = await startUpstream({ slowMs: 3000, oversizedBytes: 8 * 1024 * 1024 });
  up.setItems(ITEMS, { pageSize: 10 });
});
afterEach(async () => {
  await up.close();
});

describe('crawl', () => {
  it('follows next_url across every page and serves all briefs from the upstream', async () => {
    const store = await loadedStore();
    const status = store.getStatus();
    expect(status.source).toBe('upstream');
    expect(status.briefs).toBe(25);
    expect(status.upstream.pages).toBe(3);
    expect(status.upstream.lastError).toBeNull();
    expect(status.ok).toBe(true);
    expect(store.queryBriefs(emptyFilter()).total).toBe(25);
    expect(store.getBrief('2026-10-store-test-007')?.title).toBe('Store test brief 7');
  });

  it('follows absolute next_url too', async () => {
    up.setItems(ITEMS, { pageSize: 10, absoluteNextUrl: true });
    const store = await loadedStore();
    expect(store.getStatus().briefs).toBe(25);
  });

  it('stops at FEED_MAX_PAGES, serves none of the cut crawl and says which cap', async () => {
    const store = await loadedStore({ FEED_MAX_PAGES: '2' });
    const status = store.getStatus();
    expect(status.source).toBe('bundled');
    expect(status.upstream.stoppedBy).toBe('pages');
    expect(status.upstream.lastError).toMatch(/page cap \(FEED_MAX_PAGES = 2\)/);
    expect(up.requests()).toBe(2);
  });

  it('revalidates with If-None-Match and keeps the cached pages on 304', async () => {
    const store = await loadedStore();
    up.resetCounts();
    await store.refresh();
    const statuses = up.log.map((l) => l.status);
    expect(statuses).toEqual([304, 304, 304]);
    expect(up.log.every((l) => typeof l.headers['if-none-match'] === 'string')).toBe(true);
    expect(store.getStatus().briefs).toBe(25);
  });

  it('keeps the served briefs and index when every page answers 304, and renews their age', async () => {
    const store = await loadedStore();
    const briefs = store.getBriefs();
    const fetchedAt = store.getStatus().fetchedAt;
    await new Promise((r) => setTimeout(r, 5));
    await store.refresh();
    expect(store.getBriefs()).toBe(briefs);
    expect(store.getStatus().fetchedAt).not.toBe(fetchedAt);
    up.setItems([...ITEMS.slice(1)], { pageSize: 10 });
    await store.refresh();
    expect(store.getBriefs()).not.toBe(briefs);
    expect(store.getStatus().briefs).toBe(24);
  });

  it('counts duplicates once and reports skipped items by reason', async () => {
    up.setItems(
      [...ITEMS, item(3), 'not an item', { id: '/briefs/x/' }, { title: 'No id or url' }],
      { pageSize: 10 },
    );
    const store = await loadedStore();
    const skipped = Object.fromEntries(store.getStatus().skipped.map((s) => [s.reason, s.count]));
    // The item without a title is served under its slug, flagged; nothing else changes.
    expect(store.getStatus().briefs).toBe(26);
    expect(store.getBrief('x')).toMatchObject({ title: 'x', untitled: true });
    expect(skipped).toEqual({ duplicate: 1, 'not-an-object': 1, 'no-id': 1 });
    const names = Object.fromEntries(store.getStatus().skipped.map((s) => [s.reason, s.names]));
    expect(names).toEqual({
      duplicate: ['2026-10-store-test-003'],
      'not-an-object': [],
      'no-id': [],
    });
  });
});

describe('faults keep the last good data serving', () => {
  const faults = [
    'down',
    'http500',
    'slow',
    'invalid-json',
    'truncated',
    'oversized',
    'http404',
  ] as const;
  for (const fault of faults) {
    it(`${fault}: reports the error in status and keeps serving`, async () => {
      const store = await loadedStore();
      up.fault(fault);
      await store.refresh();
      const status = store.getStatus();
      expect(status.upstream.lastError).toBeTruthy();
      expect(status.ok).toBe(false);
      expect(status.stale).toBe(true);
      expect(status.source).toBe('upstream');
      expect(status.briefs).toBe(25);
      expect(store.queryBriefs(emptyFilter()).total).toBe(25);
      up.fault(null);
      await store.refresh();
      expect(store.getStatus().ok).toBe(true);
    });
  }

  it('retries a 5xx and succeeds when the upstream recovers', async () => {
    const store = await ServedFeed.load(config());
    up.fault('http500', { times: 1 });
    await store.refresh();
    expect(store.getStatus().source).toBe('upstream');
    expect(store.getStatus().ok).toBe(true);
  });

  it('does not retry a 404', async () => {
    const store = await ServedFeed.load(config());
    up.fault('http404');
    await store.refresh();
    expect(up.requests('/feed.json')).toBe(1);
  });

  it('refuses a next_url that loops back', async () => {
    up.setRoute('/feed.json', {
      version: 'https://jsonfeed.org/version/1.1',
      items: [item(1)],
      next_url: '/loop/2.json',
    });
    up.setRoute('/loop/2.json', {
      version: 'https://jsonfeed.org/version/1.1',
      items: [item(2)],
      next_url: '/feed.json',
    });
    const store = await ServedFeed.load(config());
    await store.refresh();
    expect(store.getStatus().upstream.lastError).toMatch(/loops/);
    expect(store.getStatus().source).toBe('bundled');
  });

  it('never follows a next_url to another host or a non-http scheme', async () => {
    for (const next of [
      'http://169.254.169.254/latest/meta-data/',
      'file:///etc/passwd',
      'javascript:alert(1)',
    ]) {
      up.setRoute('/feed.json', {
        version: 'https://jsonfeed.org/version/1.1',
        items: [item(1)],
        next_url: next,
      });
      up.resetCounts();
      const store = await ServedFeed.load(config());
      await store.refresh();
      expect(store.getStatus().upstream.lastError).toMatch(/next_url/);
      expect(up.requests()).toBe(1);
    }
  });
});

describe('restart and fallbacks', () => {
  it('serves from a temporary brief store when CACHE_DIR cannot hold one', async () => {
    const notADir = path.join(cacheDir, 'a-file');
    writeFileSync(notADir, 'not a folder');
    const store = await loadedStore({ CACHE_DIR: notADir });
    expect(store.getStatus().source).toBe('upstream');
    expect(store.queryBriefs(emptyFilter()).total).toBe(25);
    expect(store.getBody('2026-10-store-test-007')?.contentHtml).toContain('Overview 7.');
  });

  it('serves the disk snapshot at once after a restart, even with the upstream down', async () => {
    await loadedStore();
    up.fault('down');
    const restarted = await ServedFeed.load(config());
    expect(restarted.getStatus().source).toBe('disk');
    expect(restarted.getStatus().briefs).toBe(25);
    expect(restarted.getBrief('2026-10-store-test-012')?.sections.attackChain).toHaveLength(2);
  });

  it('names the skipped items after a restart too', async () => {
    up.setItems([...ITEMS, { id: 'urn:brief:x', title: 'Not a path' }, { title: 'No id at all' }]);
    await loadedStore();
    up.fault('down');
    const restarted = await ServedFeed.load(config());
    const skipped = restarted.getStatus().skipped.find((s) => s.reason === 'no-id');
    expect(skipped).toMatchObject({ count: 2, names: ['urn:brief:x'] });
  });

  it('revalidates the pages of a restored snapshot with 304s', async () => {
    await loadedStore();
    const restarted = await ServedFeed.load(config());
    up.resetCounts();
    await restarted.refresh();
    expect(up.log.map((l) => l.status)).toEqual([304, 304, 304]);
    expect(restarted.getStatus().source).toBe('upstream');
  });

  it('ignores a torn store and falls back to the bundled demo', async () => {
    // Closed first: LMDB maps the file, and this test cuts it short under the same process.
    await (await loadedStore()).close();
    const file = briefStoreFile(cacheDir);
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    up.fault('down');
    const restarted = await ServedFeed.load(config());
    const status = restarted.getStatus();
    expect(status.source).toBe('bundled');
    expect(status.bundledReason).toMatch(/torn/);
    expect(status.briefs).toBeGreaterThan(150);
  });

  it('serves the bundled demo snapshot when there is no upstream and no snapshot', async () => {
    up.fault('down');
    const store = await loadedStore();
    const status = store.getStatus();
    expect(status.source).toBe('bundled');
    expect(status.briefs).toBeGreaterThanOrEqual(200);
    expect(status.bundledReason).toMatch(/no data has been fetched/);
    expect(status.upstream.lastError).toMatch(/could not be reached/);
  });

  it('FEED_URL=offline forces the bundled snapshot and never calls the upstream', async () => {
    const store = await loadedStore({ FEED_URL: 'offline' });
    expect(store.getStatus().source).toBe('bundled');
    expect(store.getStatus().bundledReason).toMatch(/offline/);
    expect(up.requests()).toBe(0);
  });
});

describe('single flight', () => {
  it('100 concurrent refreshes fetch each page once', async () => {
    const store = await ServedFeed.load(config());
    await Promise.all(Array.from({ length: 100 }, () => store.refresh()));
    expect(PAGE_PATHS(up)).toHaveLength(3);
    expect(new Set(PAGE_PATHS(up)).size).toBe(3);
  });
});

describe('STIX', () => {
  it('gives briefs the techniques of the report matching title and day, and survives a broken bundle', async () => {
    const target = ITEMS[4]!;
    up.setStix({
      type: 'bundle',
      id: 'bundle--00000000-0000-4000-8000-000000000001',
      objects: [
        {
          type: 'attack-pattern',
          id: 'attack-pattern--00000000-0000-4000-8000-000000000002',
          name: 'Exploit Public-Facing Application',
          external_references: [{ source_name: 'mitre-attack', external_id: 'T1190' }],
        },
        {
          type: 'report',
          id: 'report--00000000-0000-4000-8000-000000000003',
          name: target.title,
          published: target.date_published,
          object_refs: ['attack-pattern--00000000-0000-4000-8000-000000000002'],
        },
      ],
    });
    const store = await loadedStore({ FEED_STIX_URL: up.stixUrl });
    const brief = store.getBrief('2026-10-store-test-005');
    expect(brief?.techniques.map((t) => t.id)).toContain('T1190');
    expect(brief?.techniques.find((t) => t.id === 'T1190')?.tactics).toContain('initial-access');
    expect(
      store.getBrief('2026-10-store-test-006')?.techniques.map((t) => t.id) ?? [],
    ).not.toContain('T1190');

    up.fault('invalid-json', { path: '/stix.json' });
    await store.refresh();
    expect(store.getStatus().stix.lastError).toBeTruthy();
    expect(store.getStatus().ok).toBe(true);
    expect(store.getStatus().briefs).toBe(25);
  });
});
