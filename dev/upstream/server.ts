import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  FEED_TITLE,
  paginate,
  productName,
  slugify,
  toGoJson,
  type PaginateOptions,
  type StixObject,
} from '../synth';
import { FIXTURE_NAMES, getFixture, type FixtureSet } from '../fixtures';
import { buildDemoSignals } from '../signals/demo-signals';
import { buildE2eSignals } from '../signals/e2e-signals';

// A local stand-in for https://feed.craftedsignal.io/: a real HTTP server on 127.0.0.1 that serves
// the feed's shapes (paginated JSON Feed, taxonomy feeds, STIX), with ETag/Last-Modified, faults
// on demand and request counts. Used in-process by vitest and as a separate process by Playwright:
//   npx tsx dev/upstream/server.ts --port 4010 --fixture basic
// prints `UPSTREAM_READY http://127.0.0.1:4010` once listening. Control API (never counted):
//   POST /__control/fault {fault, path?, times?}   POST /__control/items?fixture=NAME
//   POST /__control/stix?fixture=NAME               POST /__control/route {path, body, status?, contentType?}
//   GET  /__control/requests[?path=/feed.json]      POST /__control/reset

export type Fault =
  | 'down' // destroy the socket without a response
  | 'http500'
  | 'slow' // hold the response for slowMs (default 30 s)
  | 'invalid-json'
  | 'truncated' // Content-Length says more, body cut
  | 'oversized' // streams oversizedBytes (default 40 MB) without buffering it
  | 'http404';

export const FAULTS: readonly Fault[] = [
  'down',
  'http500',
  'slow',
  'invalid-json',
  'truncated',
  'oversized',
  'http404',
];

export interface FaultOptions {
  /** Only requests to this path (path + query, or just the path) fail; default every path. */
  path?: string;
  /** Fail this many matching requests, then heal; default until cleared. */
  times?: number;
}

export interface ItemsOptions {
  pageSize?: number;
  absoluteNextUrl?: boolean;
  relative?: PaginateOptions['relative'];
  pageUrlStyle?: PaginateOptions['pageUrlStyle'];
  /** Content-Type of feed responses; default application/feed+json. */
  contentType?: string;
}

export interface PagesOptions {
  /** Where page 1 is served; default /feed.json (page n at /page/n/feed.json and ?page=n). */
  basePath?: string;
  contentType?: string;
}

export interface RouteOptions {
  status?: number;
  contentType?: string;
}

export interface RequestLogEntry {
  path: string;
  method: string;
  headers: Record<string, string | undefined>;
  /** 0 while pending or when the socket was destroyed without a response. */
  status: number;
}

export interface UpstreamStandIn {
  /** Origin, e.g. http://127.0.0.1:12345 */
  url: string;
  /** origin + '/feed.json' */
  feedUrl: string;
  /** origin + '/stix.json' */
  stixUrl: string;
  /** CISA's KEV catalog and FIRST's EPSS file stand-ins (a fixture serves its CVEs' signals). */
  kevUrl: string;
  epssUrl: string;
  /** Serves these as the KEV catalog (an object: JSON) and the gzip'd EPSS CSV. */
  setSignals(signals: { kev?: object | string; epss?: Buffer }): void;
  setPages(pages: object[], opts?: PagesOptions): void;
  setItems(items: readonly unknown[], opts?: ItemsOptions): void;
  setStix(bundle: object | null): void;
  setRoute(path: string, body: string | Buffer | object, opts?: RouteOptions): void;
  /** Serve a named fixture set (see dev/fixtures/index.ts). */
  loadFixture(name: string): FixtureSet;
  fault(f: Fault | null, opts?: FaultOptions): void;
  /** Requests to `path` (path + query, exactly as requested), or all requests. */
  requests(path?: string): number;
  log: RequestLogEntry[];
  resetCounts(): void;
  close(): Promise<void>;
}

export interface StartOptions {
  slowMs?: number;
  oversizedBytes?: number;
  port?: number;
  host?: string;
}

const FEED_TYPE = 'application/feed+json';
const KEV_PATH = '/feeds/known_exploited_vulnerabilities.json';
const EPSS_PATH = '/epss_scores-current.csv.gz';
const JSON_TYPE = 'application/json';
const TAXONOMIES = {
  severities: { fields: ['_cs_severities', 'severities'], product: false },
  types: { fields: ['_cs_type', 'type'], product: false },
  products: { fields: ['_cs_products', 'products'], product: true },
  vendors: { fields: ['_cs_vendors', 'vendors'], product: false },
  actors: { fields: ['_cs_actors', 'actors'], product: false },
  tags: { fields: ['_cs_tags', 'tags'], product: false },
} as const;
type Taxonomy = keyof typeof TAXONOMIES;
const LISTING =
  /^(?:\/(severities|types|products|vendors|actors|tags)\/([^/]+))?(?:\/page\/(\d+))?\/feed\.json$/;

interface Resolved {
  status: number;
  body: Buffer;
  contentType: string;
}

interface ActiveFault {
  fault: Fault;
  path?: string;
  remaining: number; // Infinity = until cleared
}

/** The display values of one taxonomy on one raw item; tolerant of any shape. */
function termsOf(item: unknown, taxonomy: Taxonomy): string[] {
  if (typeof item !== 'object' || item === null) return [];
  const record = item as Record<string, unknown>;
  const def = TAXONOMIES[taxonomy];
  const raw = record[def.fields[0]] ?? record[def.fields[1]];
  const values = (Array.isArray(raw) ? raw : [raw]).filter(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  return def.product ? values.map(productName) : values;
}

function matchesSlug(value: string, slug: string): boolean {
  const s = slugify(value);
  return s === slug || s.replace(/_/g, '-') === slug;
}

function httpDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toUTCString();
}

function stixMonth(bundle: object, month: string): object {
  const objects = ((bundle as { objects?: unknown }).objects ?? []) as StixObject[];
  if (!Array.isArray(objects))
    return { type: 'bundle', id: (bundle as { id?: string }).id, objects: [] };
  const reports = objects.filter(
    (o) => o?.type === 'report' && typeof o.published === 'string' && o.published.startsWith(month),
  );
  const keep = new Set<string>(reports.map((r) => r.id));
  for (const r of reports)
    for (const ref of (r.object_refs as unknown[] | undefined) ?? [])
      if (typeof ref === 'string') keep.add(ref);
  for (const o of objects) {
    if (o?.type === 'relationship' && keep.has(String(o.source_ref))) keep.add(o.id);
  }
  return {
    type: 'bundle',
    id: `bundle--${createHash('sha1').update(month).digest('hex').slice(0, 8)}-0000-4000-8000-000000000000`,
    objects: objects.filter((o) => o && keep.has(o.id)),
  };
}

export async function startUpstream(options: StartOptions = {}): Promise<UpstreamStandIn> {
  const slowMs = options.slowMs ?? 30_000;
  const oversizedBytes = options.oversizedBytes ?? 40 * 1024 * 1024;
  const host = options.host ?? '127.0.0.1';

  let items: readonly unknown[] | null = null;
  let itemsOptions: ItemsOptions = {};
  let pages: object[] | null = null;
  let pagesOptions: PagesOptions = {};
  let stix: object | null = null;
  const routes = new Map<string, Resolved>();
  const cache = new Map<string, Resolved | null>();
  const lastModified = new Map<string, string>();
  let faults: ActiveFault[] = [];
  const counts = new Map<string, number>();
  let total = 0;
  const log: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let origin = '';

  const json = (value: unknown): Buffer => Buffer.from(toGoJson(value));
  const invalidate = () => cache.clear();

  /** Every item the listings know about: setItems, or the items of setPages documents. */
  const allItems = (): readonly unknown[] => {
    if (items) return items;
    if (!pages) return [];
    return pages.flatMap((p) => {
      const list = (p as { items?: unknown }).items;
      return Array.isArray(list) ? list : [];
    });
  };

  const feedType = () => (pages ? pagesOptions.contentType : itemsOptions.contentType) ?? FEED_TYPE;

  function listing(taxonomy: Taxonomy | null, slug: string | null, page: number): Resolved | null {
    const prefix = taxonomy && slug ? `/${taxonomy}/${slug}` : '';
    if (!prefix && pages) {
      if ((pagesOptions.basePath ?? '/feed.json') !== '/feed.json') return null;
      const doc = pages[page - 1];
      return doc ? { status: 200, body: json(doc), contentType: feedType() } : null;
    }
    let source = allItems();
    let title = FEED_TITLE;
    if (taxonomy && slug) {
      let display: string | null = null;
      source = source.filter((item) => {
        const hit = termsOf(item, taxonomy).find((v) => matchesSlug(v, slug));
        if (hit && display === null) display = hit;
        return hit !== undefined;
      });
      if (source.length === 0) return null;
      title = `${FEED_TITLE} — ${display ?? slug}`;
    } else if (!items && !pages) return null;
    const base = `${origin}${prefix}/feed.json`;
    const docs = paginate(source, itemsOptions.pageSize ?? 100, base, {
      absoluteNextUrl: itemsOptions.absoluteNextUrl,
      relative: itemsOptions.relative,
      pageUrlStyle: itemsOptions.pageUrlStyle,
      title,
      feedUrl: prefix ? `${origin}${prefix}/` : base,
    });
    const doc = docs[page - 1];
    return doc ? { status: 200, body: json(doc), contentType: feedType() } : null;
  }

  function termIndex(taxonomy: Taxonomy): Resolved | null {
    const terms = new Map<string, { title: string; count: number }>();
    for (const item of allItems()) {
      const seen = new Set<string>();
      for (const value of termsOf(item, taxonomy)) {
        const slug = slugify(value);
        if (!slug || seen.has(slug)) continue;
        seen.add(slug);
        const entry = terms.get(slug) ?? { title: value, count: 0 };
        entry.count++;
        terms.set(slug, entry);
      }
    }
    if (terms.size === 0 && !items && !pages) return null;
    const list = [...terms.entries()]
      .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
      .map(([slug, t]) => ({
        url: `${origin}/${taxonomy}/${slug}/`,
        title: t.title,
        count: t.count,
      }));
    return { status: 200, body: json(list), contentType: JSON_TYPE };
  }

  function stixRoute(pathname: string): Resolved | null {
    if (!stix) return null;
    if (pathname === '/stix.json') return { status: 200, body: json(stix), contentType: JSON_TYPE };
    const objects = (stix as { objects?: unknown }).objects;
    const reports = Array.isArray(objects)
      ? (objects as StixObject[]).filter((o) => o?.type === 'report')
      : [];
    const monthCounts = new Map<string, number>();
    for (const r of reports) {
      if (typeof r.published === 'string')
        monthCounts.set(
          r.published.slice(0, 7),
          (monthCounts.get(r.published.slice(0, 7)) ?? 0) + 1,
        );
    }
    if (pathname === '/stix/index.json') {
      const months = [...monthCounts.entries()]
        .sort((a, b) => b[0].localeCompare(a[0]))
        .slice(0, 3)
        .map(([month, count]) => ({ month, path: `/stix/${month}.json`, brief_count: count }));
      return {
        status: 200,
        body: json({
          description: 'Monthly STIX 2.1 bundles of CraftedSignal briefs',
          generated: new Date(0).toISOString(),
          version: '2.1',
          months,
        }),
        contentType: JSON_TYPE,
      };
    }
    const month = /^\/stix\/(\d{4}-\d{2})\.json$/.exec(pathname)?.[1];
    if (month && monthCounts.has(month))
      return { status: 200, body: json(stixMonth(stix, month)), contentType: JSON_TYPE };
    return null;
  }

  /** A page of setPages documents served at a custom base path (page n at <dir>/page/n/<file> or ?page=n). */
  function customBasePage(pathname: string, url: URL): Resolved | null {
    const basePath = pagesOptions.basePath ?? '/feed.json';
    if (!pages || basePath === '/feed.json') return null;
    const dir = basePath.replace(/[^/]*$/, '');
    const file = basePath.slice(dir.length);
    let n: string | null = null;
    if (pathname === basePath) n = url.searchParams.get('page') ?? '1';
    else if (pathname.startsWith(`${dir}page/`) && pathname.endsWith(`/${file}`))
      n = pathname.slice(dir.length + 5, -file.length - 1);
    const doc = n !== null && /^\d+$/.test(n) ? pages[Number(n) - 1] : undefined;
    return doc ? { status: 200, body: json(doc), contentType: feedType() } : null;
  }

  function resolve(rawPath: string): Resolved | null {
    const exact = routes.get(rawPath);
    if (exact) return exact;
    const url = new URL(rawPath, 'http://stand-in');
    const pathname = url.pathname;
    const byPath = routes.get(pathname);
    if (byPath) return byPath;
    const key = `${pathname}?page=${url.searchParams.get('page') ?? ''}`;
    if (cache.has(key)) return cache.get(key) ?? null;
    let result = customBasePage(pathname, url);
    const m = result ? null : LISTING.exec(pathname);
    if (m) {
      const pageParam = m[3] ?? url.searchParams.get('page') ?? '1';
      const page = /^\d+$/.test(pageParam) ? Number(pageParam) : 0;
      let slug: string | null = null;
      try {
        slug = m[2] ? decodeURIComponent(m[2]) : null;
      } catch {
        slug = m[2] ?? null; // not valid percent-encoding: match it as written
      }
      if (page >= 1) result = listing((m[1] as Taxonomy | undefined) ?? null, slug, page);
    } else if (!result) {
      const index = /^\/(severities|types|products|vendors|actors|tags)\/index\.json$/.exec(
        pathname,
      );
      if (index) result = termIndex(index[1] as Taxonomy);
      else if (pathname === '/stix.json' || pathname.startsWith('/stix/'))
        result = stixRoute(pathname);
    }
    cache.set(key, result);
    return result;
  }

  function etagOf(body: Buffer): string {
    return `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
  }

  function send(
    req: IncomingMessage,
    res: ServerResponse,
    entry: RequestLogEntry,
    rawPath: string,
  ): void {
    const route = resolve(rawPath);
    if (!route) {
      entry.status = 404;
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : '<h1>404 Page not found</h1>');
      return;
    }
    const etag = etagOf(route.body);
    let modified = lastModified.get(etag);
    if (!modified) {
      modified = httpDate(Date.now());
      lastModified.set(etag, modified);
    }
    const headers: Record<string, string> = {
      'Content-Type': route.contentType.includes('charset')
        ? route.contentType
        : `${route.contentType}; charset=utf-8`,
      ETag: etag,
      'Last-Modified': modified,
      'Cache-Control': 'public, max-age=0, must-revalidate',
    };
    if (route.status === 200) {
      const inm = req.headers['if-none-match'];
      const ims = req.headers['if-modified-since'];
      const notModified =
        inm !== undefined
          ? inm.split(',').some((t) => {
              const tag = t.trim().replace(/^W\//, '');
              return tag === etag || tag === '*';
            })
          : ims !== undefined && Date.parse(ims) >= Date.parse(modified);
      if (notModified) {
        entry.status = 304;
        res.writeHead(304, {
          ETag: etag,
          'Last-Modified': modified,
          'Cache-Control': headers['Cache-Control'] ?? '',
        });
        res.end();
        return;
      }
    }
    entry.status = route.status;
    res.writeHead(route.status, { ...headers, 'Content-Length': String(route.body.length) });
    res.end(req.method === 'HEAD' ? undefined : route.body);
  }

  function streamOversized(res: ServerResponse, entry: RequestLogEntry): void {
    entry.status = 200;
    res.writeHead(200, { 'Content-Type': `${FEED_TYPE}; charset=utf-8` });
    const head = Buffer.from(
      `{"version":"https://jsonfeed.org/version/1.1","title":"${FEED_TITLE}","items":[`,
    );
    const filler = 'x'.repeat(2000);
    const one = `{"id":"/briefs/oversized/","title":"Oversized","content_html":"${filler}"},`;
    const chunk = Buffer.from(one.repeat(Math.ceil(65_536 / one.length)));
    let sent = 0;
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    const pump = () => {
      if (closed) return;
      if (sent === 0) {
        sent += head.length;
        if (!res.write(head)) return void res.once('drain', pump);
      }
      while (!closed && sent < oversizedBytes) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!closed) res.end('{"id":"/briefs/oversized-end/","title":"End"}]}');
    };
    pump();
  }

  function applyFault(
    f: Fault,
    req: IncomingMessage,
    res: ServerResponse,
    entry: RequestLogEntry,
    rawPath: string,
  ): void {
    switch (f) {
      case 'down':
        req.socket.destroy();
        return;
      case 'http500':
        entry.status = 500;
        res.writeHead(500, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<h1>500 Internal Server Error</h1>');
        return;
      case 'http404':
        entry.status = 404;
        res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<h1>404 Page not found</h1>');
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed && !res.writableEnded) send(req, res, entry, rawPath);
        }, slowMs);
        timers.add(timer);
        res.on('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
        return;
      }
      case 'invalid-json': {
        const body = Buffer.from(
          '{"version":"https://jsonfeed.org/version/1.1","title":"CraftedSignal","items":[{"id":"/briefs/x/","title":"unterminated',
        );
        entry.status = 200;
        res.writeHead(200, {
          'Content-Type': `${FEED_TYPE}; charset=utf-8`,
          'Content-Length': String(body.length),
        });
        res.end(body);
        return;
      }
      case 'truncated': {
        const route = resolve(rawPath);
        const body =
          route?.body ??
          json({ version: 'https://jsonfeed.org/version/1.1', title: FEED_TITLE, items: [] });
        entry.status = 200;
        res.writeHead(200, {
          'Content-Type': `${FEED_TYPE}; charset=utf-8`,
          'Content-Length': String(body.length),
        });
        res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))), () =>
          res.socket?.destroy(),
        );
        return;
      }
      case 'oversized':
        streamOversized(res, entry);
        return;
    }
  }

  function takeFault(rawPath: string): Fault | null {
    const pathname = rawPath.split('?')[0];
    const match =
      faults.find((f) => f.path !== undefined && f.path === rawPath) ??
      faults.find((f) => f.path !== undefined && f.path === pathname) ??
      faults.find((f) => f.path === undefined);
    if (!match) return null;
    match.remaining -= 1;
    if (match.remaining <= 0) faults = faults.filter((f) => f !== match);
    return match.fault;
  }

  function setFault(f: Fault | null, opts: FaultOptions = {}): void {
    if (f !== null && !FAULTS.includes(f)) throw new Error(`unknown fault ${String(f)}`);
    faults = faults.filter((x) => x.path !== opts.path);
    if (f === null) {
      if (opts.path === undefined) faults = [];
      return;
    }
    const times = opts.times ?? Infinity;
    if (times > 0) faults.push({ fault: f, path: opts.path, remaining: times });
  }

  function loadFixture(name: string): FixtureSet {
    const fixture = getFixture(name);
    routes.clear();
    if (fixture.pages) api.setPages(fixture.pages(origin));
    else
      api.setItems(fixture.items ?? [], {
        pageSize: fixture.pageSize,
        absoluteNextUrl: fixture.absoluteNextUrl,
      });
    api.setStix(fixture.stix ?? null);
    for (const [path, route] of Object.entries(fixture.routes ?? {}))
      api.setRoute(path, route.body, route);
    api.setSignals(buildDemoSignals({ items: fixture.items ?? [] }));
    return fixture;
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  async function control(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': JSON_TYPE });
      res.end(JSON.stringify(body));
    };
    try {
      const action = url.pathname.slice('/__control/'.length);
      const text = req.method === 'POST' ? await readBody(req) : '';
      const body = text.trim() ? (JSON.parse(text) as Record<string, unknown>) : {};
      if (action === 'requests' && req.method === 'GET') {
        const path = url.searchParams.get('path');
        if (path !== null) return reply(200, { path, count: api.requests(path) });
        return reply(200, { total, byPath: Object.fromEntries(counts), log });
      }
      if (req.method !== 'POST') return reply(405, { error: 'use POST' });
      switch (action) {
        case 'fault': {
          const f = (body.fault ?? null) as Fault | null;
          setFault(f, {
            path: typeof body.path === 'string' ? body.path : undefined,
            times: typeof body.times === 'number' ? body.times : undefined,
          });
          return reply(200, { ok: true, faults });
        }
        case 'items': {
          const fixture =
            url.searchParams.get('fixture') ??
            (typeof body.fixture === 'string' ? body.fixture : null);
          if (fixture) {
            const loaded = loadFixture(fixture);
            return reply(200, { ok: true, fixture: loaded.name, items: allItems().length });
          }
          if (!Array.isArray(body.items))
            return reply(400, { error: 'give ?fixture=NAME or {items: [...]}' });
          api.setItems(body.items, body as ItemsOptions);
          return reply(200, { ok: true, items: body.items.length });
        }
        case 'stix': {
          const fixture = url.searchParams.get('fixture');
          api.setStix(
            fixture ? (getFixture(fixture).stix ?? null) : ((body.bundle ?? null) as object | null),
          );
          return reply(200, { ok: true });
        }
        case 'route': {
          if (typeof body.path !== 'string') return reply(400, { error: 'path required' });
          api.setRoute(body.path, (body.body ?? '') as string | object, {
            status: typeof body.status === 'number' ? body.status : undefined,
            contentType: typeof body.contentType === 'string' ? body.contentType : undefined,
          });
          return reply(200, { ok: true });
        }
        case 'reset':
          api.resetCounts();
          if (url.searchParams.get('faults') === '1') setFault(null);
          return reply(200, { ok: true });
        default:
          return reply(404, { error: `unknown control ${action}`, fixtures: FIXTURE_NAMES });
      }
    } catch (error) {
      reply(400, { error: error instanceof Error ? error.message : String(error) });
    }
  }

  const server = createServer((req, res) => {
    const rawPath = req.url ?? '/';
    const url = new URL(rawPath, 'http://stand-in');
    if (url.pathname.startsWith('/__control/')) {
      void control(req, res, url);
      return;
    }
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers))
      headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const entry: RequestLogEntry = {
      path: rawPath,
      method: req.method ?? 'GET',
      headers,
      status: 0,
    };
    log.push(entry);
    total++;
    counts.set(rawPath, (counts.get(rawPath) ?? 0) + 1);

    try {
      const f = takeFault(rawPath);
      if (f) return applyFault(f, req, res, entry, rawPath);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        entry.status = 405;
        res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' });
        res.end('Method Not Allowed');
        return;
      }
      send(req, res, entry, rawPath);
    } catch (error) {
      // A bug in the stand-in must show up as a 500 in the test, not kill the process.
      entry.status = 500;
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`stand-in error: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('stand-in: no TCP address');
  origin = `http://${host}:${address.port}`;

  const api: UpstreamStandIn = {
    url: origin,
    feedUrl: `${origin}/feed.json`,
    stixUrl: `${origin}/stix.json`,
    kevUrl: `${origin}${KEV_PATH}`,
    epssUrl: `${origin}${EPSS_PATH}`,
    setSignals({ kev, epss }) {
      if (kev !== undefined) api.setRoute(KEV_PATH, kev, { contentType: JSON_TYPE });
      if (epss !== undefined) api.setRoute(EPSS_PATH, epss, { contentType: 'application/x-gzip' });
    },
    setPages(newPages, opts = {}) {
      pages = newPages;
      pagesOptions = opts;
      items = null;
      invalidate();
    },
    setItems(newItems, opts = {}) {
      items = newItems;
      itemsOptions = opts;
      pages = null;
      invalidate();
    },
    setStix(bundle) {
      stix = bundle;
      invalidate();
    },
    setRoute(path, body, opts = {}) {
      const isObject = typeof body === 'object' && !Buffer.isBuffer(body);
      routes.set(path, {
        status: opts.status ?? 200,
        body: isObject ? json(body) : Buffer.isBuffer(body) ? body : Buffer.from(body),
        contentType:
          opts.contentType ?? (isObject || path.endsWith('.json') ? JSON_TYPE : 'text/plain'),
      });
    },
    loadFixture,
    fault: setFault,
    requests(path) {
      return path === undefined ? total : (counts.get(path) ?? 0);
    },
    log,
    resetCounts() {
      counts.clear();
      total = 0;
      log.length = 0;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
    },
  };
  return api;
}

// ---------------------------------------------------------------------------------------------
// CLI: a standalone stand-in for browser tests.

function parseArgs(argv: string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) continue;
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) args[key] = inline;
    else if (argv[i + 1] !== undefined && !(argv[i + 1] ?? '').startsWith('--'))
      args[key] = argv[++i] ?? '';
    else args[key] = 'true';
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const fixture = (args.fixture ?? 'basic').replace(/^.*test\/fixtures\//, '').replace(/\.ts$/, '');
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const upstream = await startUpstream({
    port: num(args.port) ?? 0,
    host: args.host,
    slowMs: num(args['slow-ms']),
    oversizedBytes: num(args['oversized-bytes']),
  });
  upstream.loadFixture(fixture);
  // The browser tests' hand-written KEV and EPSS values instead of the generated ones.
  if (args.signals === 'e2e') upstream.setSignals(buildE2eSignals());
  if (args.fault) upstream.fault(args.fault as Fault, { path: args['fault-path'] });
  process.stdout.write(`UPSTREAM_READY ${upstream.url}\n`);
  const stop = () => {
    void upstream.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `upstream stand-in failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  });
}
