import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, tempCacheDir, waitFor, type AppServer } from '@/dev/app-server';
import { basicItems } from '@/dev/fixtures/basic';
import { hostileItems } from '@/dev/fixtures/hostile';
import { getFixture } from '@/dev/fixtures';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';
import { toXmlText } from '@/lib/briefs/export/syndication';
import { hasStixSchemas, loadStixValidator } from '@/test/support/stix-schemas';

// The exports as the client software analysts use reads them, through the production server:
// a TAXII 2.1 client that makes exactly the requests OASIS `taxii2-client` (v21) makes, a feed
// reader following `next` links, LibreOffice opening the .xlsx, and HTTP validators per coding.

const VIEW_SIZE = 250;
const SYNTH = getFixture(`synth-${VIEW_SIZE - basicItems.length - hostileItems.length}`);
// A few titles in other scripts and accents, for the spreadsheet check.
const WORLD_TITLES = [
  'Zürich: Ärger mit «Télécom» – Übernahme',
  '東京のルーターを狙う攻撃',
  'Ransomware à Montréal, ça coûte cher',
  'Вредонос в почте 🚨',
  'Ελληνικά: ευπάθεια στο VPN',
];
const ITEMS: unknown[] = [
  ...basicItems,
  ...hostileItems,
  ...(SYNTH.items ?? []).map((item, i) =>
    i < WORLD_TITLES.length ? { ...(item as object), title: WORLD_TITLES[i] } : item,
  ),
];

let up: UpstreamStandIn;
let app: AppServer;
let cacheDir: string;

async function apiTotal(base: string, query = ''): Promise<number> {
  const res = await fetch(`${base}/api/briefs?pageSize=1&${query}`);
  return ((await res.json()) as { total: number }).total;
}

async function allTitles(base: string): Promise<{ slug: string; title: string; date: string }[]> {
  const out: { slug: string; title: string; date: string }[] = [];
  for (let page = 1; ; page++) {
    const body = (await (await fetch(`${base}/api/briefs?pageSize=200&page=${page}`)).json()) as {
      items: { slug: string; title: string; date: string }[];
      total: number;
    };
    out.push(...body.items);
    if (out.length >= body.total || body.items.length === 0) return out;
  }
}

beforeAll(async () => {
  up = await startUpstream();
  up.setItems(ITEMS, { pageSize: VIEW_SIZE });
  cacheDir = tempCacheDir();
  app = await startApp({ FEED_URL: up.feedUrl, FEED_REFRESH_SECONDS: '4', CACHE_DIR: cacheDir });
  await waitFor(async () => (await apiTotal(app.url)) === VIEW_SIZE, 60_000);
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await up?.close();
});

// ---- A TAXII 2.1 client making the requests taxii2-client (v21) makes ----
// Every URL ends in `/`; Accept is the TAXII 2.1 media type; a response is accepted only with
// a 2xx status and a Content-Type holding every token of the Accept; `as_pages` sends `limit`
// (when non-zero) and then `limit` and `next` with the same filters until `more` is false.

const TAXII = 'application/taxii+json;version=2.1';
const CLIENT_HEADERS = {
  Accept: TAXII,
  'User-Agent': 'taxii2-client/2.3.0',
  'Accept-Encoding': 'gzip, deflate',
};

class TaxiiClientError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly contentType: string | null,
  ) {
    super(`TAXII server answered ${status}`);
  }
}

async function clientGet<T>(url: string, params: Record<string, string | number> = {}): Promise<T> {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const full = qs.size > 0 ? `${url}?${qs}` : url;
  const res = await fetch(full, { headers: CLIENT_HEADERS, redirect: 'manual' });
  const contentType = res.headers.get('content-type');
  if (res.status >= 300) throw new TaxiiClientError(res.status, await res.json(), contentType);
  const tokens = (contentType ?? '').replace(/ /g, '').split(';');
  for (const token of TAXII.split(';')) expect(tokens, full).toContain(token);
  expect(tokens[0]).toBe('application/taxii+json');
  return (await res.json()) as T;
}

/** The filter keywords of the client: match[...] for all but added_after, limit and next. */
function toParams(filters: Record<string, string | number | undefined>) {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === '' || value === 0) continue;
    if (key === 'added_after' || key === 'limit' || key === 'next') params[key] = value;
    else if (key === 'version') params['match[version]'] = value;
    else params[`match[${key}]`] = value;
  }
  return params;
}

interface Envelope {
  more?: boolean;
  next?: string;
  objects?: { id: string; type: string; modified: string; name?: string }[];
}
interface Manifest {
  more?: boolean;
  next?: string;
  objects?: { id: string; date_added: string; version: string; media_type: string }[];
}

class Collection {
  constructor(readonly url: string) {}
  getObjects = (filters: Record<string, string | number | undefined> = {}) =>
    clientGet<Envelope>(`${this.url}objects/`, toParams(filters));
  getManifest = (filters: Record<string, string | number | undefined> = {}) =>
    clientGet<Manifest>(`${this.url}manifest/`, toParams(filters));
  getObject = (id: string, filters: Record<string, string | undefined> = {}) =>
    clientGet<Envelope>(`${this.url}objects/${id}/`, toParams(filters));
  objectVersions = (id: string, filters: Record<string, string | undefined> = {}) =>
    clientGet<{ more?: boolean; versions?: string[] }>(
      `${this.url}objects/${id}/versions/`,
      toParams(filters),
    );
}

/** as_pages: every page of Get Objects (or Get Manifest) with the same filters. */
async function asPages<T extends Envelope | Manifest>(
  get: (filters: Record<string, string | number | undefined>) => Promise<T>,
  perRequest: number,
  filters: Record<string, string | undefined> = {},
): Promise<T[]> {
  const pages: T[] = [];
  let envelope = await get({ ...filters, limit: perRequest });
  pages.push(envelope);
  const got = envelope.objects?.length ?? 0;
  if (envelope.more && got !== perRequest) perRequest = got;
  while (envelope.more) {
    envelope = await get({ ...filters, limit: perRequest, next: envelope.next ?? '' });
    pages.push(envelope);
  }
  return pages;
}

async function discover(): Promise<{ collections: Collection[]; titles: string[] }> {
  const server = await clientGet<{ title: string; api_roots: string[]; default?: string }>(
    `${app.url}/taxii2/`,
  );
  expect(server.title).toBeTruthy();
  expect(server.default).toBe(server.api_roots[0]);
  const rootUrl = new URL(server.api_roots[0]!, `${app.url}/taxii2/`).toString();
  const root = await clientGet<{ title: string; versions: string[]; max_content_length: number }>(
    rootUrl,
  );
  expect(root.versions).toContain(TAXII);
  expect(root.max_content_length).toBeTypeOf('number');
  const list = await clientGet<{ collections: { id: string; title: string; can_read: boolean }[] }>(
    `${rootUrl}collections/`,
  );
  const collections = list.collections.map((c) => new Collection(`${rootUrl}collections/${c.id}/`));
  for (const [i, c] of list.collections.entries()) {
    // Collection.refresh: the collection URL itself.
    const one = await clientGet<{ id: string; can_read: boolean }>(collections[i]!.url);
    expect(one).toMatchObject({ id: c.id, can_read: true });
  }
  return { collections, titles: list.collections.map((c) => c.title) };
}

async function expectTaxiiError(promise: Promise<unknown>, status: number, mentions?: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TaxiiClientError);
  const { status: got, body, contentType } = error as TaxiiClientError;
  expect(got).toBe(status);
  expect(contentType).toBe(TAXII);
  expect(body).toMatchObject({ title: expect.any(String), http_status: String(status) });
  if (mentions) expect((body as { description: string }).description).toMatch(mentions);
}

describe('TAXII 2.1 through a taxii2-client walk', () => {
  it('walks discovery, API root, collections, objects (as_pages), manifest, get_object and object_versions', async () => {
    const { collections, titles } = await discover();
    const all = collections[titles.indexOf('All briefs')]!;
    const pages = await asPages(all.getObjects, 97);
    expect(pages.length).toBeGreaterThan(2);
    const objects = pages.flatMap((p) => p.objects ?? []);
    const ids = objects.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(objects.filter((o) => o.type === 'report')).toHaveLength(VIEW_SIZE);
    if (hasStixSchemas) {
      const validator = loadStixValidator();
      expect(objects.flatMap((o) => validator.validateObject(o))).toEqual([]);
    }
    const manifest = (await asPages(all.getManifest, 500)).flatMap((p) => p.objects ?? []);
    expect(manifest.map((m) => m.id).sort()).toEqual([...ids].sort());

    // Get an Object and Get Object Versions, for one object of each type.
    const byType = new Map(objects.map((o) => [o.type, o]));
    for (const object of byType.values()) {
      const got = await all.getObject(object.id);
      expect(got.objects).toEqual([object]);
      expect(got.more).toBe(false);
      for (const version of ['first', 'last', 'all', object.modified])
        expect((await all.getObject(object.id, { version })).objects).toEqual([object]);
      expect(
        (await all.getObject(object.id, { version: '2000-01-01T00:00:00.000Z' })).objects,
      ).toBeUndefined();
      const versions = await all.objectVersions(object.id);
      expect(versions).toEqual({ more: false, versions: [object.modified] });
    }
    await expectTaxiiError(all.getObject('report--00000000-0000-4000-8000-000000000000'), 404);
    await expectTaxiiError(all.objectVersions('report--00000000-0000-4000-8000-000000000000'), 404);
  }, 120_000);

  it('refuses a next token of another collection or another query with a TAXII 400 naming next', async () => {
    const { collections, titles } = await discover();
    const all = collections[titles.indexOf('All briefs')]!;
    const critical = collections[titles.indexOf('Severity: critical')]!;
    const first = await all.getObjects({ limit: 5 });
    expect(first.more).toBe(true);
    // OpenCTI's "briefs.*" loop: the last token of one collection carried into the next.
    await expectTaxiiError(critical.getObjects({ limit: 5, next: first.next }), 400, /next/);
    await expectTaxiiError(
      all.getObjects({ limit: 5, type: 'report', next: first.next }),
      400,
      /next/,
    );
    await expectTaxiiError(all.getManifest({ limit: 5, next: first.next }), 400, /next/);
    // Its own collection and query take it, with another limit too.
    expect((await all.getObjects({ limit: 7, next: first.next })).objects).toHaveLength(7);
  });

  it('answers every error in the TAXII shape, trailing-slash forms with CORS and no redirect', async () => {
    const root = `${app.url}/taxii2/briefs/`;
    await expectTaxiiError(clientGet(`${root}no-such-endpoint/`), 404);
    await expectTaxiiError(clientGet(`${root}collections/nope/objects/x/versions/y/`), 404);
    await expectTaxiiError(clientGet(`${app.url}/taxii2/other-root/`), 404);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await fetch(`${root}collections/x/objects/`, { method, headers: CLIENT_HEADERS });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('content-type')).toBe(TAXII);
      expect(await res.json()).toMatchObject({ http_status: '405' });
    }
    for (const url of [`${app.url}/taxii2/`, root, `${root}collections/`]) {
      const res = await fetch(url, {
        headers: { ...CLIENT_HEADERS, Origin: 'https://elsewhere.test' },
        redirect: 'manual',
      });
      expect(res.status, url).toBe(200);
      expect(res.headers.get('access-control-allow-origin'), url).toBe('*');
      const preflight = await fetch(url, { method: 'OPTIONS', redirect: 'manual' });
      expect(preflight.status, url).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin'), url).toBe('*');
    }
    // Other pages keep Next's 308 to the address without the slash.
    const page = await fetch(`${app.url}/trends/`, { redirect: 'manual' });
    expect(page.status).toBe(308);
    expect(page.headers.get('location')).toMatch(/\/trends$/);
  });

  it('never misses an object whose crawl ended before the client clock read it (added_after), and keeps date_added across a restart', async () => {
    const { collections, titles } = await discover();
    const all = collections[titles.indexOf('All briefs')]!;
    const before = (await asPages(all.getManifest, 1000)).flatMap((p) => p.objects ?? []);
    const known = new Set(before.map((m) => m.id));

    // OpenCTI's loop: each run asks for what was added after the previous run's start.
    const received = new Set<string>();
    let runStart = new Date().toISOString();
    const run = async () => {
      const start = new Date().toISOString();
      const pages = await asPages(all.getObjects, 200, { added_after: runStart });
      for (const o of pages.flatMap((p) => p.objects ?? [])) received.add(o.id);
      runStart = start;
    };
    const newItems = [1, 2, 3].map((n) => ({
      id: `/briefs/2026-12-clients-new-${n}/`,
      url: `https://feed.craftedsignal.io/briefs/2026-12-clients-new-${n}/`,
      title: `Arrived late ${n}`,
      content_html: '<p>New.</p>',
      date_published: '2025-01-0' + n + 'T00:00:00Z', // back-dated on purpose
      _cs_severities: ['critical'],
      _cs_actors: [`Latecomer ${n}`],
    }));
    up.setItems([...ITEMS, ...newItems], { pageSize: VIEW_SIZE + 3 });
    const status = async () =>
      (await (await fetch(`${app.url}/api/status`)).json()) as { fetchedAt: string | null };
    const crawlBefore = (await status()).fetchedAt;
    // Poll as a tight importer does, until the new briefs are served and a few runs after.
    while ((await apiTotal(app.url)) < VIEW_SIZE + 3) await run();
    for (let i = 0; i < 3; i++) await run();
    const added = (await asPages(all.getManifest, 1000))
      .flatMap((p) => p.objects ?? [])
      .filter((m) => !known.has(m.id));
    expect(added.length).toBeGreaterThanOrEqual(6); // 3 reports, 3 intrusion sets
    for (const m of added) expect(received, m.id).toContain(m.id);

    // A client clock read between the crawl's end and the moment the objects became visible.
    const crawlEnd = (await status()).fetchedAt!;
    expect(crawlEnd).not.toBe(crawlBefore);
    const between = new Date(Date.parse(crawlEnd) + 1).toISOString();
    const after = (await asPages(all.getObjects, 100, { added_after: between })).flatMap(
      (p) => p.objects ?? [],
    );
    for (const m of added) expect(after.map((o) => o.id)).toContain(m.id);
    for (const m of added) expect(Date.parse(m.date_added)).toBeGreaterThan(Date.parse(crawlEnd));

    // The same date_added after a restart on the same cache directory.
    const stamps = new Map(
      (await asPages(all.getManifest, 1000))
        .flatMap((p) => p.objects ?? [])
        .map((m) => [m.id, m.date_added]),
    );
    await new Promise((r) => setTimeout(r, 500)); // the stamps are written after the answer
    await app.stop();
    app = await startApp({ FEED_URL: up.feedUrl, FEED_REFRESH_SECONDS: '4', CACHE_DIR: cacheDir });
    await waitFor(async () => (await apiTotal(app.url)) === VIEW_SIZE + 3, 60_000);
    const { collections: again, titles: againTitles } = await discover();
    const restarted = (await asPages(again[againTitles.indexOf('All briefs')]!.getManifest, 1000))
      .flatMap((p) => p.objects ?? [])
      .map((m) => [m.id, m.date_added] as const);
    expect(new Map(restarted)).toEqual(stamps);
    up.setItems(ITEMS, { pageSize: VIEW_SIZE });
    await waitFor(async () => (await apiTotal(app.url)) === VIEW_SIZE, 60_000);
  }, 180_000);
});

// ---- Paged RSS and Atom ----

describe('RSS and Atom paging', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
  const list = <T>(v: T | T[] | undefined): T[] =>
    v === undefined ? [] : Array.isArray(v) ? v : [v];

  for (const feed of ['/feed.xml', '/feed.atom']) {
    it(`${feed}: a reader following next reaches every brief of a ${VIEW_SIZE}-brief view`, async () => {
      const seen: string[] = [];
      let url: string | null = `${app.url}${feed}`;
      let documents = 0;
      while (url && documents < 20) {
        const res: Response = await fetch(url);
        expect(res.status, url).toBe(200);
        const doc = parser.parse(await res.text());
        documents++;
        const rss = feed === '/feed.xml';
        const items = rss ? list(doc.rss.channel.item) : list(doc.feed.entry);
        for (const item of items as Record<string, unknown>[]) {
          const link = rss
            ? (item.link as string)
            : list(item.link as { '@href': string; '@rel': string }[]).find(
                (l) => l['@rel'] === 'alternate',
              )!['@href'];
          seen.push(new URL(link).pathname);
        }
        const links = list(
          (rss ? doc.rss.channel['atom:link'] : doc.feed.link) as {
            '@href': string;
            '@rel': string;
          }[],
        );
        url = links.find((l) => l['@rel'] === 'next')?.['@href'] ?? null;
      }
      expect(documents).toBe(3);
      const slugs = (await allTitles(app.url)).map((b) => `/briefs/${b.slug}`);
      expect(seen).toEqual(slugs);
    }, 60_000);
  }

  it('takes limit up to its cap and names a bad one', async () => {
    const small = await (await fetch(`${app.url}/feed.atom?limit=7&page=2`)).text();
    expect(parser.parse(small).feed.entry).toHaveLength(7);
    const bad = await fetch(`${app.url}/feed.xml?limit=501`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { parameter: 'limit' } });
  });
});

// ---- Validators per content coding ----

describe('ETags', () => {
  for (const path of ['/api/briefs.csv', '/feed.atom', '/taxii2/briefs/collections/']) {
    it(`${path}: a gzip'd answer and an identity answer do not share a strong ETag`, async () => {
      const headers = { Accept: path.startsWith('/taxii2') ? TAXII : '*/*' };
      const gzip = await fetch(`${app.url}${path}`, {
        headers: { ...headers, 'Accept-Encoding': 'gzip' },
      });
      const identity = await fetch(`${app.url}${path}`, {
        headers: { ...headers, 'Accept-Encoding': 'identity' },
      });
      expect(gzip.headers.get('content-encoding')).toBe('gzip');
      expect(identity.headers.get('content-encoding')).toBeNull();
      const [a, b] = [gzip.headers.get('etag')!, identity.headers.get('etag')!];
      expect(a === b && !a.startsWith('W/')).toBe(false);
      expect(b.startsWith('W/')).toBe(false); // identity keeps its strong validator
      // Both still answer a conditional request with 304.
      for (const [etag, coding] of [
        [a, 'gzip'],
        [b, 'identity'],
      ] as const) {
        const again = await fetch(`${app.url}${path}`, {
          headers: { ...headers, 'Accept-Encoding': coding, 'If-None-Match': etag },
        });
        expect(again.status).toBe(304);
      }
    });
  }
});

// ---- The spreadsheet export in LibreOffice ----

function findSoffice(): string | null {
  const candidates = [
    '/usr/bin/soffice',
    '/usr/bin/libreoffice',
    '/usr/lib/libreoffice/program/soffice',
  ];
  return candidates.find((p) => existsSync(p)) ?? null;
}
const SOFFICE = findSoffice();

describe('the .xlsx export', () => {
  // scripts/test.mjs installs libreoffice-calc-nogui as it does Chromium; skipped only without it.
  it.skipIf(!SOFFICE)(
    'opens in LibreOffice headless with every non-ASCII title and every date intact',
    async () => {
      const res = await fetch(`${app.url}/api/briefs.xlsx`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      const dir = mkdtempSync(path.join(tmpdir(), 'xlsx-'));
      writeFileSync(path.join(dir, 'briefs.xlsx'), Buffer.from(await res.arrayBuffer()));
      execFileSync(
        SOFFICE!,
        [
          `-env:UserInstallation=file://${dir}/profile`,
          '--headless',
          '--convert-to',
          // CSV out in UTF-8 (76): the check is of what LibreOffice read from the workbook.
          'csv:Text - txt - csv (StarCalc):44,34,76,1',
          '--outdir',
          dir,
          path.join(dir, 'briefs.xlsx'),
        ],
        { stdio: 'pipe', timeout: 120_000 },
      );
      const csvFile = readdirSync(dir).find((f) => f.endsWith('.csv'))!;
      const rows = Papa.parse<Record<string, string>>(
        readFileSync(path.join(dir, csvFile), 'utf8'),
        {
          header: true,
          skipEmptyLines: true,
        },
      ).data;
      const briefs = await allTitles(app.url);
      expect(rows).toHaveLength(briefs.length);
      const nonAscii = briefs.filter((b) => /[^\x00-\x7f]/.test(b.title));
      expect(nonAscii.length).toBeGreaterThan(3);
      const bySlug = new Map(rows.map((r) => [r.slug, r]));
      for (const brief of briefs) {
        const row = bySlug.get(brief.slug)!;
        expect(row, brief.slug).toBeDefined();
        expect(row.title, brief.slug).toBe(toXmlText(brief.title));
        const date = new Date(brief.date);
        if (Number.isFinite(date.getTime()))
          expect(row.date, brief.slug).toBe(date.toISOString().slice(0, 19).replace('T', ' '));
      }
    },
    180_000,
  );
});
