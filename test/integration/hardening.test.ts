import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedStatus } from '@/lib/serving/status';
import { startApp, waitFor, type AppServer } from '@/dev/app-server';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';

// Issue 13 through the production server and a hostile upstream stand-in: a deep item is skipped
// and named beside a good one, ids with non-ASCII characters and items without a title are
// served, a FEED_URL query key never appears in a response, and every route answers malformed
// paths, other methods, prefetches and abusive queries as the README says.

const SECRET_KEY = 'sk_live_hardening_1234567890';
const ORIGIN = 'https://feed.craftedsignal.io';

function item(slug: string, extra: Record<string, unknown> = {}) {
  return {
    id: `/briefs/${slug}/`,
    url: `${ORIGIN}/briefs/${slug}/`,
    title: `Brief ${slug}`,
    summary: `Summary of ${slug}.`,
    content_html: `<p>Body of ${slug}.</p>`,
    date_published: '2026-11-20T10:00:00Z',
    _cs_type: 'threat',
    _cs_severities: ['high'],
    ...extra,
  };
}

/** One page, written by hand: JSON.stringify itself cannot write 100,000 nested arrays. */
function hostilePage(): string {
  const deepJson = `{"id":"/briefs/deep-json-item/","title":"Deep JSON","_cs_tags":${'['.repeat(100_000)}"x"${']'.repeat(100_000)}}`;
  const deepHtml = `${'<div>'.repeat(3000)}deep html text${'</div>'.repeat(3000)}`;
  const items = [
    JSON.stringify(item('good-brief')),
    deepJson,
    JSON.stringify(item('deep-html-item', { content_html: deepHtml })),
    JSON.stringify(item('zz-unicode-\u00fc', { url: `${ORIGIN}/briefs/zz-unicode-%C3%BC/` })),
    JSON.stringify(
      item('untitled-item', { title: undefined, summary: 'Ransomware crew hits hospitals again' }),
    ),
  ];
  return `{"version":"https://jsonfeed.org/version/1.1","title":"Hostile","items":[${items.join(',')}]}`;
}

let up: UpstreamStandIn;
let app: AppServer;

async function status(): Promise<FeedStatus> {
  return (await (await fetch(`${app.url}/api/status`)).json()) as FeedStatus;
}

/** node:http, not fetch: fetch refuses TRACE and normalises some paths. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  const { hostname, port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  up = await startUpstream();
  up.setRoute('/feed.json', hostilePage(), { contentType: 'application/feed+json' });
  app = await startApp({
    FEED_URL: `${up.feedUrl}?api_key=${SECRET_KEY}`,
    FEED_STIX_URL: 'off',
  });
  await waitFor(async () => (await status()).source === 'upstream', 30_000);
}, 90_000);

afterAll(async () => {
  await app?.stop();
  await up?.close();
});

describe('one bad item never costs the crawl', () => {
  it('skips and names the 100,000-deep JSON item and serves the briefs beside it', async () => {
    const s = await status();
    expect(s.ok).toBe(true);
    expect(s.skipped).toEqual([{ reason: 'too-deep', count: 1, names: ['deep-json-item'] }]);
    const list = (await (await fetch(`${app.url}/api/briefs?pageSize=50`)).json()) as {
      items: { slug: string }[];
    };
    expect(list.items.map((b) => b.slug).sort()).toEqual(
      ['deep-html-item', 'good-brief', 'untitled-item', 'zz-unicode-\u00fc'].sort(),
    );
    const deep = (await (await fetch(`${app.url}/api/briefs/deep-html-item`)).json()) as {
      contentHtml: string;
    };
    expect(deep.contentHtml).toContain('deep html text');
  });

  it('serves an id with non-ASCII characters, by its encoded and decomposed spellings', async () => {
    for (const path of ['/api/briefs/zz-unicode-%C3%BC', '/api/briefs/zz-unicode-u%CC%88']) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(((await res.json()) as { slug: string }).slug).toBe('zz-unicode-\u00fc');
    }
    const page = await fetch(`${app.url}/briefs/zz-unicode-%C3%BC`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Brief zz-unicode-\u00fc');
    const list = await (await fetch(`${app.url}/`)).text();
    expect(list).toContain('href="/briefs/zz-unicode-%C3%BC"');
  });

  it('shows an item without a title under a fallback title, flagged', async () => {
    const brief = (await (await fetch(`${app.url}/api/briefs/untitled-item`)).json()) as {
      title: string;
      untitled?: boolean;
    };
    expect(brief).toMatchObject({ title: 'Ransomware crew hits hospitals again', untitled: true });
    expect((await status()).untitled).toEqual({ count: 1, slugs: ['untitled-item'] });
    const page = await (await fetch(`${app.url}/briefs/untitled-item`)).text();
    expect(page).toContain('The feed gives this brief no title');
  });
});

describe('no secret in output', () => {
  it('never shows the FEED_URL query key in status, pages, API answers or logs', async () => {
    const s = await status();
    expect(s.upstream.url).toBe(`${up.feedUrl}?redacted`);
    for (const path of [
      '/api/status',
      '/',
      '/briefs/good-brief',
      '/trends',
      '/attack',
      '/api/briefs',
      '/feed.json',
    ]) {
      const res = await fetch(`${app.url}${path}`);
      expect(await res.text(), path).not.toContain(SECRET_KEY);
    }
    expect(app.output()).not.toContain(SECRET_KEY);
  });
});

describe('every route answers as documented', () => {
  const csp = (h: Record<string, unknown>) => String(h['content-security-policy'] ?? '');

  it.each([
    ['/api/briefs/%ZZ', 'api'],
    ['/api/briefs/%C0%AE%C0%AE', 'api'],
    ['/briefs/%', 'page'],
    ['/briefs/%ZZ', 'page'],
  ])('%s is a 400 with the security headers', async (path, kind) => {
    const res = await raw('GET', path);
    expect(res.status).toBe(400);
    expect(csp(res.headers)).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    if (kind === 'api') {
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(JSON.parse(res.body)).toMatchObject({ error: { parameter: 'path' } });
    } else {
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('percent-encoding');
    }
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'TRACE'])(
    '%s is a 405 with Allow on pages and a JSON 405 on the API',
    async (method) => {
      for (const path of ['/', '/briefs/good-brief', '/trends']) {
        const res = await raw(method, path);
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.allow).toBe('GET, HEAD');
        expect(csp(res.headers)).toContain("default-src 'none'");
      }
      for (const path of [
        '/api/status',
        '/api/briefs',
        '/api/briefs/good-brief',
        '/api/briefs.csv',
        '/feed.json',
        '/taxii2',
      ]) {
        const res = await raw(method, path);
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
        const message = `${method} is not allowed here; only GET, HEAD, OPTIONS`;
        // TAXII answers every error in its own shape and media type (lib/security/taxii-edge.ts).
        expect(JSON.parse(res.body)).toEqual(
          path === '/taxii2'
            ? { title: 'Method Not Allowed', description: message, http_status: '405' }
            : { error: { message } },
        );
      }
    },
  );

  it('logs no stack trace for TRACE', () => {
    expect(app.output()).not.toMatch(/TRACE|\n\s+at /);
  });

  it.each<Record<string, string>>([{ purpose: 'prefetch' }, { 'next-router-prefetch': '1' }])(
    'a prefetch (%o) gets the page CSP and the same 400 for a bad filter',
    async (headers) => {
      const ok = await raw('GET', '/', headers);
      expect(ok.status).toBe(200);
      expect(csp(ok.headers)).toMatch(/script-src 'self' 'nonce-/);
      const bad = await raw('GET', '/?severity=bogus', headers);
      expect(bad.status).toBe(400);
      expect(bad.body).toContain('severity');
      expect(csp(bad.headers)).toContain("default-src 'none'");
    },
  );
});

describe('abusive queries are refused cheaply', () => {
  // 5,300 repeated parameters, 15.9 kB: under Node's 16 kB header limit, so they reach the app.
  const flood = `?${'z=&'.repeat(5300)}`;

  it('refuses 16 kB query strings fast; a concurrent normal request stays fast', async () => {
    for (const path of ['/', '/api/status', '/no-such-page', '/api/briefs']) {
      const started = performance.now();
      const res = await raw('GET', `${path}${flood}`);
      const ms = performance.now() - started;
      expect([400, 414, 431], path).toContain(res.status);
      console.log(`flood ${path}: ${res.status} in ${ms.toFixed(1)} ms`);
    }
    // 8 senders flood for 3 s while one client times a trivial request.
    let stop = false;
    let refused = 0;
    const senders = Array.from({ length: 8 }, async () => {
      while (!stop) {
        const res = await raw('GET', `/${flood}`);
        if (res.status >= 400) refused++;
      }
    });
    const timings: number[] = [];
    const until = Date.now() + 3000;
    while (Date.now() < until) {
      const started = performance.now();
      const res = await fetch(`${app.url}/api/briefs?pageSize=1`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      timings.push(performance.now() - started);
    }
    stop = true;
    await Promise.all(senders);
    timings.sort((a, b) => a - b);
    const at = (q: number) =>
      timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!;
    console.log(
      `normal request under 8 flooding senders: n=${timings.length} p50=${at(0.5).toFixed(1)} ms p95=${at(0.95).toFixed(1)} ms max=${at(1).toFixed(1)} ms; ${refused} floods refused`,
    );
    expect(refused).toBeGreaterThan(0);
  }, 30_000);
});
