import { extractFromXml } from '@extractus/feed-extractor';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, waitFor, type AppServer } from '@/dev/app-server';
import { BASIC_NEWEST_SLUG, basicItems, fixture as basicFixture } from '@/dev/fixtures/basic';
import { hostileItems, hostileStix } from '@/dev/fixtures/hostile';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';

// Feeds, CSV, conditional requests and CORS through the production server, read back with real
// client libraries: a feed parser, papaparse. STIX and TAXII are in interop-stix.test.ts.

function extraItem(n: number, severity = n % 3 === 0 ? 'critical' : 'low') {
  const slug = `2026-08-interop-${String(n).padStart(3, '0')}`;
  return {
    id: `/briefs/${slug}/`,
    url: `https://feed.craftedsignal.io/briefs/${slug}/`,
    title: `Interop brief ${n} — Zürich naïve café`,
    summary: `Summary ${n}`,
    content_html: `<p>Body ${n}</p>`,
    date_published: new Date(Date.UTC(2026, 7, 1, 0, n)).toISOString(),
    _cs_type: 'advisory',
    _cs_severities: [severity],
    _cs_vendors: ['Interop Vendor'],
    _cs_tags: ['interop'],
  };
}
// 164 briefs: more than a JSON Feed page (100), with hostile titles among them.
const ITEMS: unknown[] = [
  ...basicItems,
  ...hostileItems,
  ...Array.from({ length: 120 }, (_, i) => extraItem(i + 1)),
];
const STIX = {
  type: 'bundle',
  id: 'bundle--00000000-0000-4000-8000-000000000001',
  objects: [
    ...((basicFixture.stix as { objects: unknown[] }).objects ?? []),
    ...hostileStix.objects,
  ],
};

let up: UpstreamStandIn;
let app: AppServer;

interface ApiList {
  total: number;
  items: { slug: string; title: string; date: string }[];
}
async function apiList(query: string): Promise<ApiList> {
  const res = await fetch(`${app.url}/api/briefs?pageSize=200&sort=newest&${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as ApiList;
}

beforeAll(async () => {
  up = await startUpstream();
  up.setItems(ITEMS, { pageSize: 20 });
  up.setStix(STIX);
  app = await startApp({
    FEED_URL: up.feedUrl,
    FEED_STIX_URL: up.stixUrl,
    FEED_REFRESH_SECONDS: '1',
  });
  await waitFor(async () => (await apiList('')).total === ITEMS.length, 30_000);
}, 90_000);
afterAll(async () => {
  await app?.stop();
  await up?.close();
});

const FILTERS = ['', 'severity=critical', 'vendor=Fortinet&exploited=true'];

describe('RSS and Atom', () => {
  for (const path of ['/feed.xml', '/feed.atom']) {
    for (const query of FILTERS) {
      it(`${path}?${query}: parses and matches the API's newest briefs`, async () => {
        const res = await fetch(`${app.url}${path}?${query}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(
          path === '/feed.xml' ? /^application\/rss\+xml/ : /^application\/atom\+xml/,
        );
        const xml = await res.text();
        expect(XMLValidator.validate(xml)).toBe(true);
        const feed = extractFromXml(xml, { normalization: true });
        const api = await apiList(query);
        const expected = api.items.slice(0, 100);
        expect(feed.entries?.map((e) => e.link)).toEqual(
          expected.map((b) => `${app.url}/briefs/${b.slug}`),
        );
        // Titles are text, exactly the API's, hostile ones too.
        expect(feed.entries?.map((e) => e.title)).toEqual(expected.map((b) => b.title));
      });
    }
  }

  it('keeps hostile titles as text: no element of the title reaches the XML tree', async () => {
    const api = await apiList('vendor=Fortinet');
    expect(api.items.some((b) => /<script|<img|<svg/i.test(b.title))).toBe(true);
    const parser = new XMLParser({ ignoreAttributes: false, textNodeName: '#text' });
    for (const path of ['/feed.atom', '/feed.xml']) {
      const xml = await (await fetch(`${app.url}${path}?vendor=Fortinet`)).text();
      expect(XMLValidator.validate(xml)).toBe(true);
      const doc = parser.parse(xml) as {
        feed?: { entry: { title: unknown }[] };
        rss?: { channel: { item: { title: unknown }[] } };
      };
      const titles = (doc.feed?.entry ?? doc.rss?.channel.item ?? []).map((e) => e.title);
      expect(titles).toHaveLength(api.total);
      // Each title is one text node (or a text node with its type attribute), never elements.
      for (const title of titles) {
        const text =
          typeof title === 'object' ? (title as Record<string, unknown>)['#text'] : title;
        expect(typeof text, JSON.stringify(title)).toBe('string');
        if (typeof title === 'object') {
          expect(
            Object.keys(title as object).filter((k) => !k.startsWith('@_') && k !== '#text'),
          ).toEqual([]);
        }
      }
    }
  });
});

describe('JSON Feed paging', () => {
  it('reaches every matching brief exactly once through next_url', async () => {
    for (const query of ['', 'severity=low']) {
      const seen: string[] = [];
      let url: string | undefined = `${app.url}/feed.json?${query}`;
      let pages = 0;
      while (url) {
        const res = await fetch(url);
        expect(res.status, url).toBe(200);
        const feed = (await res.json()) as { items: { url: string }[]; next_url?: string };
        expect(feed.items.length).toBeLessThanOrEqual(100);
        seen.push(...feed.items.map((i) => i.url));
        url = feed.next_url;
        pages += 1;
      }
      const api = await apiList(query);
      expect(pages).toBe(Math.ceil(api.total / 100));
      expect(seen).toEqual(api.items.map((b) => `${app.url}/briefs/${b.slug}`));
      expect(new Set(seen).size).toBe(api.total);
    }
  });

  it('ignores tracking parameters as pages do, with the same ETag', async () => {
    const plain = await fetch(`${app.url}/feed.json?severity=critical`);
    const tracked = await fetch(`${app.url}/feed.json?utm_source=chat&severity=critical&fbclid=x`);
    expect(tracked.status).toBe(200);
    expect(await tracked.text()).toBe(await plain.text());
    expect(tracked.headers.get('etag')).toBe(plain.headers.get('etag'));
    // A bad value of a known parameter is still a 400 naming it.
    const bad = await fetch(`${app.url}/feed.xml?severity=apocalyptic`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { parameter: string } }).error.parameter).toBe(
      'severity',
    );
  });
});

describe('CSV', () => {
  it('starts with a UTF-8 BOM and reads back with papaparse: links and dates', async () => {
    const res = await fetch(`${app.url}/api/briefs.csv?vendor=Interop%20Vendor`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<Record<string, string>>(new TextDecoder().decode(bytes), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([
      'slug',
      'title',
      'date',
      'type',
      'severity',
      'vendors',
      'products',
      'actors',
      'tags',
      'cves',
      'techniques',
      'url',
      'external_url',
      'indicators',
      'indicator_types',
      'confidence',
    ]);
    const api = await apiList('vendor=Interop%20Vendor');
    expect(parsed.data).toHaveLength(api.total);
    const row = parsed.data.find((r) => r.slug === '2026-08-interop-001')!;
    expect(row).toMatchObject({
      title: 'Interop brief 1 — Zürich naïve café',
      date: '2026-08-01 00:01:00',
      url: `${app.url}/briefs/2026-08-interop-001`,
      external_url: 'https://feed.craftedsignal.io/briefs/2026-08-interop-001/',
    });
  });
});

const EXPORTS = [
  '/feed.json',
  '/feed.xml',
  '/feed.atom',
  '/api/briefs.csv',
  '/api/attack/layer',
  '/api/briefs.stix.json',
];

describe('conditional requests', () => {
  it('answer 304 until a refresh changes the data, then 200 with a new ETag', async () => {
    const before = new Map<string, { etag: string; lastModified: string }>();
    for (const path of EXPORTS) {
      const res = await fetch(`${app.url}${path}?severity=critical`);
      await res.arrayBuffer();
      const etag = res.headers.get('etag') ?? '';
      const lastModified = res.headers.get('last-modified') ?? '';
      // Weak where the request accepts a compressed body (fetch does), strong for identity.
      expect(etag, path).toMatch(/^W\/"[^"]+"$/);
      const identity = await fetch(`${app.url}${path}?severity=critical`, {
        headers: { 'Accept-Encoding': 'identity' },
      });
      await identity.arrayBuffer();
      expect(identity.headers.get('etag'), path).toBe(etag.slice(2));
      expect(Date.parse(lastModified), path).toBeGreaterThan(0);
      // Without PUBLIC_ORIGIN the links are built on the request's Host: no shared cache keeps them.
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      before.set(path, { etag, lastModified });
      const inm = await fetch(`${app.url}${path}?severity=critical`, {
        headers: { 'If-None-Match': etag },
      });
      expect(inm.status, path).toBe(304);
      expect(await inm.text()).toBe('');
      expect(inm.headers.get('etag')).toBe(etag);
      const ims = await fetch(`${app.url}${path}?severity=critical`, {
        headers: { 'If-Modified-Since': lastModified },
      });
      expect(ims.status, path).toBe(304);
      // Another view is another answer.
      const other = await fetch(`${app.url}${path}?severity=low`, {
        headers: { 'If-None-Match': etag },
      });
      expect(other.status, path).toBe(200);
    }
    // Unchanged refreshes (every page 304 upstream) keep the validators.
    await new Promise((r) => setTimeout(r, 1500));
    await apiList('');
    for (const path of EXPORTS) {
      const res = await fetch(`${app.url}${path}?severity=critical`, {
        headers: { 'If-None-Match': before.get(path)!.etag },
      });
      expect(res.status, `${path} after an unchanged refresh`).toBe(304);
    }
    // A new critical brief upstream: every export of the view changes.
    up.setItems([...ITEMS, extraItem(900, 'critical')], { pageSize: 20 });
    await waitFor(async () => (await apiList('')).total === ITEMS.length + 1, 30_000);
    for (const path of EXPORTS) {
      const { etag, lastModified } = before.get(path)!;
      const res = await fetch(`${app.url}${path}?severity=critical`, {
        headers: { 'If-None-Match': etag },
      });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('etag'), path).not.toBe(etag);
      const ims = await fetch(`${app.url}${path}?severity=critical`, {
        headers: { 'If-Modified-Since': lastModified },
      });
      expect(ims.status, path).toBe(200);
    }
    up.setItems(ITEMS, { pageSize: 20 });
    await waitFor(async () => (await apiList('')).total === ITEMS.length, 30_000);
  }, 90_000);
});

describe('CORS', () => {
  const READABLE = [
    ...EXPORTS,
    '/api/briefs',
    '/api/status',
    `/api/briefs/${BASIC_NEWEST_SLUG}`,
    '/taxii2/',
  ];

  it('answers the preflight of every export and the JSON API', async () => {
    for (const path of READABLE) {
      const res = await fetch(`${app.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://mitre-attack.github.io',
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'if-none-match',
        },
      });
      expect(res.status, path).toBe(204);
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(res.headers.get('access-control-allow-methods'), path).toContain('GET');
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase(), path).toContain(
        'if-none-match',
      );
      expect(res.headers.get('access-control-allow-credentials'), path).toBeNull();
    }
  });

  it('sends Access-Control-Allow-Origin: * on GET, on 304 and on errors, never credentials', async () => {
    for (const path of READABLE) {
      const res = await fetch(`${app.url}${path}`, {
        headers: {
          Origin: 'https://mitre-attack.github.io',
          Accept: path.startsWith('/taxii2') ? 'application/taxii+json;version=2.1' : '*/*',
        },
      });
      await res.arrayBuffer();
      expect(res.status, path).toBe(200);
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(res.headers.get('access-control-allow-credentials'), path).toBeNull();
    }
    const layer = await fetch(`${app.url}/api/attack/layer`);
    const again = await fetch(`${app.url}/api/attack/layer`, {
      headers: { 'If-None-Match': layer.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('access-control-allow-origin')).toBe('*');
    const bad = await fetch(`${app.url}/api/briefs?severity=nope`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('discovery on pages', () => {
  it('/, /attack and /trends link their view as JSON Feed, RSS and Atom', async () => {
    for (const page of ['/', '/attack', '/trends']) {
      const html = await (await fetch(`${app.url}${page}?severity=high&utm_source=x`)).text();
      for (const [type, path] of [
        ['application/feed+json', '/feed.json'],
        ['application/rss+xml', '/feed.xml'],
        ['application/atom+xml', '/feed.atom'],
      ] as const) {
        const link = new RegExp(
          `<link rel="alternate" type="${type.replace('+', '\\+')}" href="${path}\\?severity=high"`,
        );
        expect(html, `${page} ${type}`).toMatch(link);
      }
    }
  });

  it('the list carries the export links; /attack has no Navigator link without PUBLIC_ORIGIN', async () => {
    const html = await (await fetch(`${app.url}/?severity=high&page=2`)).text();
    for (const path of ['/api/briefs.csv', '/api/briefs.stix.json', '/feed.json', '/feed.xml']) {
      expect(html, path).toContain(`href="${path}?severity=high"`);
    }
    const attack = await (await fetch(`${app.url}/attack`)).text();
    expect(attack).toContain('href="/api/attack/layer"');
    expect(attack).not.toContain('Open in ATT&amp;CK Navigator');
  });
});
