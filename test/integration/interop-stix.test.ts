import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, waitFor, type AppServer } from '@/dev/app-server';
import { basicItems, fixture as basicFixture } from '@/dev/fixtures/basic';
import { hostileItems, hostileStix } from '@/dev/fixtures/hostile';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';
import { hasStixSchemas, loadStixValidator } from '@/test/support/stix-schemas';

// STIX 2.1 bundles and the TAXII 2.1 server through the production server. The TAXII client
// below is written from the specification (OASIS TAXII 2.1, sections 3-5), not from our code.

const ITEMS: unknown[] = [...basicItems, ...hostileItems];
const STIX = {
  type: 'bundle',
  id: 'bundle--00000000-0000-4000-8000-000000000002',
  objects: [
    ...((basicFixture.stix as { objects: unknown[] }).objects ?? []),
    ...hostileStix.objects,
  ],
};
const ENV = { FEED_REFRESH_SECONDS: '1' };

function newItem(n: number) {
  const slug = `2026-12-taxii-new-${n}`;
  return {
    id: `/briefs/${slug}/`,
    url: `https://feed.craftedsignal.io/briefs/${slug}/`,
    title: `New critical brief ${n}`,
    summary: 'Arrived later.',
    content_html: '<p>New.</p>',
    // Back-dated: TAXII's date_added is when the server added it, not when it was published.
    date_published: '2025-01-0' + n + 'T00:00:00Z',
    _cs_type: 'threat',
    _cs_severities: ['critical'],
    _cs_actors: [`Newcomer ${n}`],
    _cs_cves: [{ id: `CVE-2026-99${n}01`, cvss: 9.1 }],
  };
}

let up: UpstreamStandIn;
let app: AppServer;

interface Bundle {
  type: string;
  id: string;
  objects: { type: string; id: string; name?: string }[];
}

async function apiTotal(base: string, query: string): Promise<{ total: number; titles: string[] }> {
  const body = (await (await fetch(`${base}/api/briefs?pageSize=200&${query}`)).json()) as {
    total: number;
    items: { title: string }[];
  };
  return { total: body.total, titles: body.items.map((i) => i.title) };
}

async function bundleOf(base: string, query: string): Promise<Bundle> {
  const res = await fetch(`${base}/api/briefs.stix.json?${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/stix+json;version=2.1');
  return (await res.json()) as Bundle;
}

async function start(env: Record<string, string> = {}): Promise<AppServer> {
  const started = await startApp({
    FEED_URL: up.feedUrl,
    ...ENV,
    FEED_STIX_URL: up.stixUrl,
    ...env,
  });
  await waitFor(async () => (await apiTotal(started.url, '')).total === ITEMS.length, 30_000);
  return started;
}

beforeAll(async () => {
  up = await startUpstream();
  up.setItems(ITEMS, { pageSize: 20 });
  up.setStix(STIX);
  app = await start();
}, 90_000);
afterAll(async () => {
  await app?.stop();
  await up?.close();
});

const FILTERS = ['', 'severity=critical', 'vendor=Fortinet&tag=initial_access'];
const sortedIds = (bundle: Bundle) => bundle.objects.map((o) => o.id).sort();

describe('STIX 2.1 export', () => {
  for (const query of FILTERS) {
    it(`?${query}: one report per brief, every object valid against the OASIS schemas`, async () => {
      const bundle = await bundleOf(app.url, query);
      const api = await apiTotal(app.url, query);
      const reports = bundle.objects.filter((o) => o.type === 'report');
      expect(reports.map((r) => r.name)).toEqual(api.titles);
      expect(bundle.objects.some((o) => o.type === 'attack-pattern')).toBe(true);
      expect(bundle.objects.some((o) => o.type === 'vulnerability')).toBe(true);
      expect(new Set(sortedIds(bundle)).size).toBe(bundle.objects.length);
      if (hasStixSchemas) expect(loadStixValidator().validateBundle(bundle)).toEqual([]);
    });
  }

  it('gives the same ids on two fetches and after two restarts', async () => {
    const first = await Promise.all(FILTERS.map((q) => bundleOf(app.url, q)));
    const second = await Promise.all(FILTERS.map((q) => bundleOf(app.url, q)));
    expect(second.map(sortedIds)).toEqual(first.map(sortedIds));
    for (let restart = 0; restart < 2; restart++) {
      // Another process, another cache directory and another origin (PUBLIC_ORIGIN once).
      const other = await start(
        restart === 0 ? { PUBLIC_ORIGIN: 'https://briefs.example.org' } : {},
      );
      try {
        const again = await Promise.all(FILTERS.map((q) => bundleOf(other.url, q)));
        expect(again.map(sortedIds)).toEqual(first.map(sortedIds));
        expect(again.map((b) => b.id)).toEqual(first.map((b) => b.id));
        if (restart === 0) {
          // With a public origin /attack offers the public Navigator with this view's layer URL.
          const html = await (await fetch(`${other.url}/attack?severity=critical`)).text();
          expect(html).toContain(
            `href="https://mitre-attack.github.io/attack-navigator/#layerURL=${encodeURIComponent('https://briefs.example.org/api/attack/layer?severity=critical')}"`,
          );
        }
      } finally {
        await other.stop();
      }
    }
  }, 120_000);
});

// ---- A TAXII 2.1 client, from the specification ----

const TAXII = 'application/taxii+json;version=2.1';

async function taxiiGet<T>(url: string): Promise<{ res: Response; body: T }> {
  const res = await fetch(url, { headers: { Accept: TAXII } });
  expect(res.status, url).toBe(200);
  expect(res.headers.get('content-type'), url).toBe(TAXII);
  return { res, body: (await res.json()) as T };
}

interface Envelope {
  more?: boolean;
  next?: string;
  objects?: { type: string; id: string; name?: string }[];
}

/** GET objects with `limit` and follow `next` until `more` is false (section 3.4 / 5.4). */
async function collectObjects(objectsUrl: string, params: Record<string, string>) {
  const objects: NonNullable<Envelope['objects']> = [];
  let next: string | undefined;
  let lastAdded: string | null = null;
  let pages = 0;
  do {
    const qs = new URLSearchParams({ ...params, ...(next ? { next } : {}) });
    const { res, body } = await taxiiGet<Envelope>(`${objectsUrl}?${qs}`);
    objects.push(...(body.objects ?? []));
    lastAdded = res.headers.get('x-taxii-date-added-last') ?? lastAdded;
    expect(body.objects?.length ?? 0).toBeLessThanOrEqual(Number(params.limit));
    next = body.more ? body.next : undefined;
    if (body.more) expect(body.next).toBeTruthy();
    pages += 1;
  } while (next);
  return { objects, lastAdded, pages };
}

describe('TAXII 2.1', () => {
  it('discovery -> API root -> collections -> objects collects exactly the briefs; added_after brings the new ones', async () => {
    const { body: discovery } = await taxiiGet<{ api_roots: string[]; default?: string }>(
      `${app.url}/taxii2/`,
    );
    const rootUrl = discovery.api_roots[0]!;
    expect(rootUrl).toMatch(/\/$/);
    const { body: root } = await taxiiGet<{ versions: string[] }>(rootUrl);
    expect(root.versions).toContain(TAXII);
    const { body: list } = await taxiiGet<{
      collections: { id: string; title: string; can_read: boolean; media_types: string[] }[];
    }>(`${rootUrl}collections/`);
    expect(list.collections.map((c) => c.title)).toEqual(
      expect.arrayContaining(['All briefs', 'Severity: critical', 'Severity: high']),
    );
    const critical = list.collections.find((c) => c.title === 'Severity: critical')!;
    expect(critical.can_read).toBe(true);
    const { body: one } = await taxiiGet<{ id: string }>(`${rootUrl}collections/${critical.id}/`);
    expect(one.id).toBe(critical.id);

    const objectsUrl = `${rootUrl}collections/${critical.id}/objects/`;
    const all = await collectObjects(objectsUrl, { limit: '7' });
    expect(all.pages).toBeGreaterThan(2);
    const ids = all.objects.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    const api = await apiTotal(app.url, 'severity=critical');
    expect(
      all.objects
        .filter((o) => o.type === 'report')
        .map((o) => o.name)
        .sort(),
    ).toEqual([...api.titles].sort());
    // The same objects as the STIX export of the same view.
    expect([...ids].sort()).toEqual(sortedIds(await bundleOf(app.url, 'severity=critical')));
    if (hasStixSchemas) {
      const validator = loadStixValidator();
      expect(all.objects.flatMap((o) => validator.validateObject(o))).toEqual([]);
    }
    // The manifest lists the same objects.
    const { body: manifest } = await taxiiGet<{ objects: { id: string; media_type: string }[] }>(
      `${rootUrl}collections/${critical.id}/manifest/?limit=1000`,
    );
    expect(manifest.objects.map((o) => o.id).sort()).toEqual([...ids].sort());
    // match[type]
    const reportsOnly = await collectObjects(objectsUrl, { limit: '50', 'match[type]': 'report' });
    expect(reportsOnly.objects.every((o) => o.type === 'report')).toBe(true);
    expect(reportsOnly.objects).toHaveLength(api.total);

    // Two back-dated critical briefs arrive upstream.
    expect(all.lastAdded).toBeTruthy();
    await new Promise((r) => setTimeout(r, 1100)); // date_added is in whole seconds at the least
    up.setItems([...ITEMS, newItem(1), newItem(2)], { pageSize: 20 });
    await waitFor(async () => (await apiTotal(app.url, '')).total === ITEMS.length + 2, 30_000);
    const added = await collectObjects(objectsUrl, { limit: '3', added_after: all.lastAdded! });
    expect(
      added.objects
        .filter((o) => o.type === 'report')
        .map((o) => o.name)
        .sort(),
    ).toEqual(['New critical brief 1', 'New critical brief 2']);
    // Their actors, CVEs and relationships come with them; nothing the client already had.
    expect(added.objects.filter((o) => o.type === 'intrusion-set')).toHaveLength(2);
    expect(added.objects.filter((o) => o.type === 'vulnerability')).toHaveLength(2);
    expect(added.objects.some((o) => ids.includes(o.id))).toBe(false);
    up.setItems(ITEMS, { pageSize: 20 });
  }, 90_000);

  it('answers another Accept type with 406 and the error body', async () => {
    for (const accept of ['application/json', 'text/html', 'application/taxii+json;version=2.0']) {
      const res = await fetch(`${app.url}/taxii2/briefs/collections/`, {
        headers: { Accept: accept },
      });
      expect(res.status, accept).toBe(406);
      expect(res.headers.get('content-type')).toBe(TAXII);
      const error = (await res.json()) as { title: string; http_status: string };
      expect(error.title).toBeTruthy();
      expect(error.http_status).toBe('406');
    }
  });

  it('answers a bad added_after, limit or next with 400 in the error shape', async () => {
    const { body: list } = await taxiiGet<{ collections: { id: string }[] }>(
      `${app.url}/taxii2/briefs/collections/`,
    );
    const objects = `${app.url}/taxii2/briefs/collections/${list.collections[0]!.id}/objects/`;
    for (const query of ['added_after=yesterday', 'limit=0', 'next=garbage']) {
      const res = await fetch(`${objects}?${query}`, { headers: { Accept: TAXII } });
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toBe(TAXII);
      const error = (await res.json()) as {
        title: string;
        description: string;
        http_status: string;
      };
      expect(error.http_status).toBe('400');
      expect(error.title).toBeTruthy();
      expect(error.description).toMatch(/added_after|limit|next/);
    }
    const unknown = await fetch(`${app.url}/taxii2/briefs/collections/no-such/objects/`, {
      headers: { Accept: TAXII },
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { http_status: string }).http_status).toBe('404');
  });

  it('refuses every write method with 405', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await fetch(`${app.url}/taxii2/briefs/collections/x/objects/`, {
        method,
        headers: { Accept: TAXII, 'Content-Type': TAXII },
        body: method === 'DELETE' ? undefined : '{"objects":[]}',
      });
      expect(res.status, method).toBe(405);
    }
  });

  it('answers a repeated poll with 304', async () => {
    const url = `${app.url}/taxii2/briefs/collections/`;
    const first = await fetch(url, { headers: { Accept: TAXII } });
    const etag = first.headers.get('etag')!;
    const again = await fetch(url, { headers: { Accept: TAXII, 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });
});

describe('TAXII before the feed has been read', () => {
  it('answers objects 503 with Retry-After while only the bundled demo is loaded, then the feed', async () => {
    const down = await startUpstream();
    down.setItems(basicItems, { pageSize: 20 });
    down.fault('down');
    const waiting = await startApp({ FEED_URL: down.feedUrl, FEED_STIX_URL: 'off', ...ENV });
    try {
      const status = await (await fetch(`${waiting.url}/api/status`)).json();
      expect(status.source).toBe('bundled');
      const rootUrl = `${waiting.url}/taxii2/briefs/`;
      const { body: list } = await taxiiGet<{ collections: { id: string; title: string }[] }>(
        `${rootUrl}collections/`,
      );
      const everything = list.collections.find((c) => c.title === 'All briefs')!;
      const objectsUrl = `${rootUrl}collections/${everything.id}/objects/`;
      for (const url of [objectsUrl, objectsUrl.replace(/objects\/$/, 'manifest/')]) {
        const res = await fetch(url, { headers: { Accept: TAXII } });
        expect(res.status, url).toBe(503);
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(res.headers.get('content-type')).toBe(TAXII);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(await res.json()).toMatchObject({ http_status: '503' });
      }
      // The upstream comes back: the next refresh reads the feed, and objects are the feed's.
      down.fault(null);
      await waitFor(
        async () => (await apiTotal(waiting.url, '')).total === basicItems.length,
        30_000,
      );
      const all = await collectObjects(objectsUrl, { limit: '50' });
      const reports = all.objects.filter((o) => o.type === 'report').map((o) => o.name);
      expect(reports.sort()).toEqual((await apiTotal(waiting.url, '')).titles.sort());
    } finally {
      await waiting.stop();
      await down.close();
    }
  }, 90_000);

  it('serves the demo as the data with FEED_URL=offline', async () => {
    const offline = await startApp({ FEED_URL: 'offline' });
    try {
      const { body: list } = await taxiiGet<{ collections: { id: string }[] }>(
        `${offline.url}/taxii2/briefs/collections/`,
      );
      const objectsUrl = `${offline.url}/taxii2/briefs/collections/${list.collections[0]!.id}/objects/`;
      const { body } = await taxiiGet<Envelope>(`${objectsUrl}?limit=5`);
      expect(body.objects?.length).toBe(5);
    } finally {
      await offline.stop();
    }
  }, 60_000);
});
