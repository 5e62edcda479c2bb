import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedStatus } from '@/lib/serving/status';
import { startApp, waitFor, type AppServer } from '@/dev/app-server';
import { findListeningPid, readVm } from '@/dev/load/proc';
import { synthFeed } from '@/dev/synth';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';
import { hasStixSchemas, loadStixValidator } from '@/test/support/stix-schemas';
import { OBJECT_METHOD_NAMES } from '@/test/support/object-method-names';

// Issue 20 through the production server (PUBLIC_ORIGIN unset) and a synthetic feed of 300
// briefs with hostile items beside them: per-request origins and views must not grow memory past
// the documented bounds, parameters named after Object methods are unknown parameters like any
// other, and a lone surrogate, two items sharing a slug-less URL and a year-9999 date give valid,
// complete exports.

const ORIGIN = 'https://feed.craftedsignal.io';
const TAXII = 'application/taxii+json;version=2.1';
const MB = 1024 * 1024;

function hostile(slug: string, extra: Record<string, unknown>) {
  return {
    id: `/briefs/${slug}/`,
    url: `${ORIGIN}/briefs/${slug}/`,
    title: `Hostile ${slug}`,
    summary: `Summary of ${slug}.`,
    content_html: `<p>Body of ${slug}.</p>`,
    date_published: '2026-11-20T10:00:00Z',
    _cs_type: 'threat',
    _cs_severities: ['critical'],
    _cs_tags: ['T1059'],
    ...extra,
  };
}

const HOSTILE = [
  // JSON.stringify writes the lone surrogate as the escape `\ud800`: valid JSON, ill-formed text.
  hostile('lone-surrogate-actor', { _cs_actors: ['A\ud800'], title: 'Surrogate \udc00 title' }),
  hostile('shared-url-a', { url: 'http://host/' }),
  hostile('shared-url-b', { url: 'http://host/' }),
  hostile('year-9999', { date_published: '9999-12-31T23:59:59-23:59' }),
];

let up: UpstreamStandIn;
let app: AppServer;
let serverPid: number;
let briefCount = 0;

async function status(): Promise<FeedStatus> {
  return (await (await fetch(`${app.url}/api/status`)).json()) as FeedStatus;
}

/** node:http, not fetch: fetch does not let a request set its own Host. */
function rawGet(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const rssMb = () => readVm(serverPid, 'VmRSS') / MB;

/** Runs `task(i)` for i < count, `width` at a time. */
async function pool(count: number, width: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

interface Bundle {
  objects: { type: string; id: string; name?: string; external_references?: { url?: string }[] }[];
}

beforeAll(async () => {
  up = await startUpstream();
  const { items } = synthFeed({ count: 300, seed: 20 });
  up.setItems([...HOSTILE, ...items], { pageSize: 100 });
  app = await startApp({ FEED_URL: up.feedUrl, FEED_STIX_URL: 'off', EXPORT_CACHE_MB: '8' });
  // Every page crawled: the first 100 briefs are served before the rest.
  await waitFor(async () => {
    const s = await status();
    return s.source === 'upstream' && s.refreshing === false && s.briefs >= 300;
  }, 300_000);
  serverPid = findListeningPid(app.process.pid!, app.port) ?? app.process.pid!;
  briefCount = (await status()).briefs;
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await up?.close();
});

describe('3. a lone surrogate in upstream text', () => {
  it('is replaced at ingest: the STIX export and every TAXII collection answer, schema-valid', async () => {
    const res = await fetch(`${app.url}/api/briefs.stix.json`);
    expect(res.status).toBe(200);
    const bundle = (await res.json()) as Bundle;
    const actor = bundle.objects.find((o) => o.type === 'intrusion-set' && o.name?.startsWith('A'));
    expect(bundle.objects.some((o) => o.name === 'A\uFFFD')).toBe(true);
    expect(actor).toBeDefined();
    if (hasStixSchemas) expect(loadStixValidator().validateBundle(bundle)).toEqual([]);
    const brief = (await (await fetch(`${app.url}/api/briefs/lone-surrogate-actor`)).json()) as {
      actors: string[];
      title: string;
    };
    expect(brief).toMatchObject({ actors: ['A\uFFFD'], title: 'Surrogate \uFFFD title' });
    const root = `${app.url}/taxii2/briefs/`;
    const list = (await (
      await fetch(`${root}collections/`, { headers: { accept: TAXII } })
    ).json()) as { collections: { id: string }[] };
    for (const { id } of list.collections) {
      for (const kind of ['objects', 'manifest']) {
        const r = await fetch(`${root}collections/${id}/${kind}/?limit=1000`, {
          headers: { accept: TAXII },
        });
        expect(r.status, `${id} ${kind}`).toBe(200);
      }
    }
  });
});

describe('4. export ids are unique per brief', () => {
  it('two items sharing a slug-less URL are both served, named in /api/status, and distinct in every export', async () => {
    const s = await status();
    expect(s.sharedUrls.count).toBe(2);
    expect([...s.sharedUrls.slugs].sort()).toEqual(['shared-url-a', 'shared-url-b']);
    const bundle = (await (await fetch(`${app.url}/api/briefs.stix.json`)).json()) as Bundle;
    const reports = bundle.objects.filter((o) => o.type === 'report');
    expect(reports).toHaveLength(briefCount);
    expect(new Set(reports.map((r) => r.id)).size).toBe(briefCount);
    const feed = (await (await fetch(`${app.url}/feed.json?q=hostile`)).json()) as {
      items: { id: string; title: string }[];
    };
    const sharedInFeed = feed.items.filter((i) => i.title.startsWith('Hostile shared-url'));
    expect(sharedInFeed).toHaveLength(2);
    expect(new Set(feed.items.map((i) => i.id)).size).toBe(feed.items.length);
    for (const [path, tag] of [
      ['/feed.xml?q=hostile', /<guid[^>]*>([^<]*)<\/guid>/g],
      ['/feed.atom?q=hostile', /<id>([^<]*)<\/id>/g],
    ] as const) {
      const xml = await (await fetch(`${app.url}${path}`)).text();
      const ids = [...xml.matchAll(tag)].map((m) => m[1]);
      expect(ids.length, path).toBeGreaterThan(2);
      expect(new Set(ids).size, path).toBe(ids.length);
      expect(xml, path).toContain('shared-url-a');
      expect(xml, path).toContain('shared-url-b');
    }
  });
});

describe('5. a date outside 1990-2100', () => {
  it('is treated as missing and said so; no export carries an expanded year', async () => {
    const s = await status();
    expect(s.datesOutOfRange).toEqual({ count: 1, slugs: ['year-9999'] });
    const brief = (await (await fetch(`${app.url}/api/briefs/year-9999`)).json()) as {
      date: string;
      dateOutOfRange?: boolean;
    };
    expect(brief.date).toBe('1970-01-01T00:00:00.000Z');
    expect(brief.dateOutOfRange).toBe(true);
    for (const path of ['/api/briefs.stix.json', '/feed.json', '/feed.xml', '/feed.atom']) {
      expect(await (await fetch(`${app.url}${path}`)).text(), path).not.toMatch(/[+-]0\d{5}-/);
    }
    const res = await fetch(`${app.url}/api/briefs?since=9999-12-31T23:59:59-23:59`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('since');
    const page = await fetch(`${app.url}/?since=9999-12-31T23:59:59-23:59`);
    expect(page.status).toBe(400);
  });
});

describe('2. a parameter named after an Object method', () => {
  it('is an unknown parameter like any other on pages, the list API and every export', async () => {
    const paths = [
      '/',
      '/trends',
      '/attack',
      '/api/briefs',
      '/feed.json',
      '/feed.xml',
      '/feed.atom',
      '/api/briefs.csv',
      '/api/briefs.stix.json',
      '/api/attack/layer',
    ];
    for (const path of paths) {
      const unknown = await fetch(`${app.url}${path}?zzunknown=1`);
      for (const name of OBJECT_METHOD_NAMES) {
        const res = await fetch(`${app.url}${path}?${name}=1`);
        // Next.js drops a `__proto__` parameter before the app sees it: ignored everywhere, even
        // by the strict list API (the parser refuses it by name: lib/hardening-3.test.ts).
        const expected = name === '__proto__' ? 200 : unknown.status;
        expect(res.status, `${path}?${name}=1`).toBe(expected);
        expect(res.status, `${path}?${name}=1`).toBeLessThan(500);
      }
    }
  }, 300_000);
});

describe('1. per-request origins (PUBLIC_ORIGIN unset)', () => {
  it('1,000 requests with distinct Host / X-Forwarded-Host keep memory within 50 MB of its start', async () => {
    const collections = (await (
      await fetch(`${app.url}/taxii2/briefs/collections/`, { headers: { accept: TAXII } })
    ).json()) as { collections: { id: string }[] };
    // Reports carry the links to this dashboard. No trailing slash: Next answers 308 to one.
    const objects = `/taxii2/briefs/collections/${collections.collections[0]!.id}/objects?match[type]=report&limit=20`;
    // Warm: the origin-free forms are built once, then the baseline is taken.
    expect((await rawGet('/api/briefs.stix.json', {})).status).toBe(200);
    expect((await rawGet(objects, { accept: TAXII })).status).toBe(200);
    const before = rssMb();
    const started = Date.now();
    await pool(1000, 4, async (i) => {
      const host = `h${i}.example.test`;
      const headers: Record<string, string> =
        i % 2 === 0 ? { host } : { host: 'localhost', 'x-forwarded-host': host };
      const taxii = i % 5 === 4;
      const res = await rawGet(taxii ? objects : '/api/briefs.stix.json', {
        ...headers,
        ...(taxii ? { accept: TAXII } : {}),
      });
      expect(res.status).toBe(200);
      // The request's own origin is in the links, and no other.
      expect(res.body).toContain(`://${host}/briefs/`);
      expect(res.body).not.toContain('.invalid/briefs/');
    });
    const after = rssMb();
    console.log(
      `1,000 distinct origins in ${((Date.now() - started) / 1000).toFixed(1)} s: RSS ${before.toFixed(0)} -> ${after.toFixed(0)} MB`,
    );
    expect(after - before).toBeLessThan(50);
  }, 600_000);
});

describe('9. whole-feed STIX views are cached by bytes', () => {
  it('250 distinct views stay within the configured export cache bound (EXPORT_CACHE_MB=8)', async () => {
    const before = rssMb();
    const { exportCache } = await status();
    expect(exportCache.maxBytes).toBe(8 * MB);
    const started = Date.now();
    await pool(250, 2, async (i) => {
      // A distinct whole-feed view each: `since` a millisecond apart, long before every brief.
      const since = new Date(Date.UTC(1991, 0, 1) + i).toISOString();
      const res = await fetch(`${app.url}/api/briefs.stix.json?since=${since}`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    });
    const after = rssMb();
    const s = await status();
    console.log(
      `250 whole-feed STIX views in ${((Date.now() - started) / 1000).toFixed(1)} s: RSS ${before.toFixed(0)} -> ${after.toFixed(0)} MB; export cache ${(s.exportCache.bytes / MB).toFixed(1)} MB in ${s.exportCache.entries} entries`,
    );
    expect(s.exportCache.bytes).toBeLessThanOrEqual(s.exportCache.maxBytes);
    expect(s.exportCache.entries).toBeGreaterThan(1);
    // What the cache keeps is within its bound; the whole bound was needed (views were evicted).
    expect(s.exportCache.bytes).toBeGreaterThan(4 * MB);
    // RSS is logged, not asserted: each view builds a new bundle, and V8 returns that garbage
    // to the system lazily (178 MB over the run here with 7.8 MB held), so RSS does not show
    // what is kept; the cache's own count of what it holds does.
  }, 900_000);
});
