import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';
import { startApp, waitFor, type AppServer } from '@/dev/app-server';
import { crawlsInLog, expectOneFetchPerPagePerCrawl } from '@/test/support/refresh-log';

// The JSON API through the production server (`next start`), against the upstream stand-in.

function item(n: number) {
  const slug = `2026-09-api-test-${String(n).padStart(3, '0')}`;
  return {
    id: `/briefs/${slug}/`,
    url: `https://feed.craftedsignal.io/briefs/${slug}/`,
    title: `API test brief ${n}${n === 1 ? ' <script>window.__xss=1</script>' : ''}`,
    summary: `Summary ${n}`,
    content_html:
      n === 1
        ? '<p>x</p><script>window.__xss=1</script><img src=x onerror="window.__xss=1"><a href="javascript:alert(1)">l</a><iframe srcdoc="<script>alert(1)</script>"></iframe><svg onload="alert(1)"></svg><p style="background:url(javascript:alert(1))">s</p>'
        : `<p>Body ${n}</p><h2 id="recommendations">Recommendations</h2><ul><li>Patch</li><li>Monitor</li></ul>`,
    date_published: new Date(Date.UTC(2026, 8, 1 + n, 9)).toISOString(),
    _cs_type: n % 2 ? 'threat' : 'advisory',
    _cs_severities: [n % 4 === 0 ? 'critical' : 'high'],
    _cs_vendors: [n % 3 === 0 ? 'Microsoft' : 'Splunk'],
    _cs_products: [n % 3 === 0 ? 'Exchange Server' : 'Splunk Enterprise'],
    _cs_tags: ['initial_access'],
    _cs_exploited: n % 5 === 0,
  };
}
const ITEMS = Array.from({ length: 30 }, (_, i) => item(i + 1));

let up: UpstreamStandIn;
let app: AppServer;

async function getJson(path: string, init?: RequestInit) {
  const res = await fetch(`${app.url}${path}`, init);
  return {
    res,
    body: (await res.json()) as Record<string, unknown> & {
      error?: { parameter?: string; message: string };
    },
  };
}

beforeAll(async () => {
  up = await startUpstream();
  up.setItems(ITEMS, { pageSize: 10 });
  app = await startApp({ FEED_URL: up.feedUrl, FEED_STIX_URL: 'off', FEED_REFRESH_SECONDS: '1' });
  // A first start serves pages as they come: wait for the crawl's end.
  await waitFor(async () => {
    const { body } = await getJson('/api/status');
    return body.source === 'upstream' && body.refreshing === false;
  });
});
afterAll(async () => {
  await app?.stop();
  await up?.close();
});

describe('GET /api/briefs', () => {
  it('lists briefs newest first with summaries and facets', async () => {
    const { res, body } = await getJson('/api/briefs?pageSize=5');
    expect(res.status).toBe(200);
    expect(body.total).toBe(30);
    const items = body.items as { slug: string; date: string }[];
    expect(items.map((i) => i.slug)).toEqual(
      [30, 29, 28, 27, 26].map((n) => `2026-09-api-test-0${n}`),
    );
    expect(Object.keys(items[0]!)).not.toContain('contentHtml');
    expect((body.source as { source: string }).source).toBe('upstream');
    const facets = body.facets as Record<string, { value: string; count: number }[]>;
    expect(facets.vendor).toEqual([
      { value: 'Splunk', count: 20 },
      { value: 'Microsoft', count: 10 },
    ]);
  });

  it('filters with OR within a facet, AND across facets, and the slug form', async () => {
    const { body } = await getJson(
      '/api/briefs?product=splunk-enterprise&severity=critical&severity=high&type=threat',
    );
    expect(body.total).toBe(10);
    const { body: exploited } = await getJson('/api/briefs?exploited=true');
    expect(exploited.total).toBe(6);
  });

  const bad: [string, string][] = [
    ['sort=sideways', 'sort'],
    ['page=-1', 'page'],
    ['pageSize=100000', 'pageSize'],
    [`q=${'a'.repeat(1000)}`, 'q'],
    ['severity=apocalyptic', 'severity'],
    ['from=2026-13-45', 'from'],
    ['exploited=maybe', 'exploited'],
    ['colour=red', 'colour'],
  ];
  it('414 naming "query" for a query string past the proxy cap (10,000 characters)', async () => {
    const { res, body } = await getJson(`/api/briefs?q=${'a'.repeat(10_000)}`);
    expect(res.status).toBe(414);
    expect(body.error?.parameter).toBe('query');
  });

  for (const [query, parameter] of bad) {
    it(`400 naming "${parameter}" for ${query.slice(0, 30)}`, async () => {
      const { res, body } = await getJson(`/api/briefs?${query}`);
      expect(res.status).toBe(400);
      expect(body.error?.parameter).toBe(parameter);
      expect(body.error?.message).toBeTruthy();
    });
  }
});

describe('GET /api/briefs/{slug}', () => {
  it('returns the whole brief with sections', async () => {
    const { res, body } = await getJson('/api/briefs/2026-09-api-test-004');
    expect(res.status).toBe(200);
    expect(body.title).toBe('API test brief 4');
    expect((body.sections as { recommendations: unknown[] }).recommendations).toHaveLength(2);
    expect(body).not.toHaveProperty('text');
  });

  it('strips every XSS vector from contentHtml and sections', async () => {
    const { body } = await getJson('/api/briefs/2026-09-api-test-001');
    const html = JSON.stringify([body.contentHtml, body.sections]);
    for (const vector of [
      '<script',
      'onerror',
      'javascript:',
      '<iframe',
      'srcdoc',
      'onload',
      'style=',
      '<svg',
    ]) {
      expect(html.toLowerCase()).not.toContain(vector);
    }
    expect(body.title).toBe('API test brief 1 <script>window.__xss=1</script>');
  });

  it('404 with a JSON error for an unknown slug', async () => {
    const { res, body } = await getJson('/api/briefs/no-such-brief');
    expect(res.status).toBe(404);
    expect(body.error?.message).toMatch(/no-such-brief/);
  });
});

describe('HTTP behaviour', () => {
  it('answers only GET/HEAD on the API', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await fetch(`${app.url}/api/briefs`, { method });
      expect(res.status, method).toBe(405);
    }
    expect((await fetch(`${app.url}/api/briefs`, { method: 'HEAD' })).status).toBe(200);
  });

  it('sends security headers on API responses and pages', async () => {
    const api = await fetch(`${app.url}/api/status`);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await fetch(`${app.url}/`);
    const csp = page.headers.get('content-security-policy') ?? '';
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBeTruthy();
    expect(page.headers.get('permissions-policy')).toBeTruthy();
  });

  it('answers a page with a filter it cannot read with 400 and the panel naming it', async () => {
    const cases: [string, number, string?][] = [
      ['/?severity=bogus', 400, 'severity'],
      ['/?page=-1', 400, 'page'],
      ['/attack?from=2026-13-45', 400, 'from'],
      ['/trends?exploited=maybe', 400, 'exploited'],
      // Tracking parameters pass everywhere; paging means nothing to a whole view.
      ['/?severity=high&utm_source=chat', 200],
      ['/attack?severity=high&page=-1', 200],
      ['/trends?pageSize=0', 200],
    ];
    for (const [path, status, parameter] of cases) {
      const res = await fetch(`${app.url}${path}`);
      const html = await res.text();
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      if (parameter) {
        expect(html, path).toMatch(new RegExp(`invalid filter: <code[^>]*>${parameter}</code>`));
        // The error page runs no script at all.
        expect(res.headers.get('content-security-policy'), path).toMatch(/^default-src 'none'/);
        expect(html, path).not.toContain('<script');
      } else {
        expect(html, path).not.toContain('invalid filter');
        expect(res.headers.get('content-security-policy'), path).toMatch(/'nonce-/);
      }
    }
  });

  it('single flight: 100 concurrent requests during refreshes fetch each page once per refresh', async () => {
    up.resetCounts();
    await new Promise((r) => setTimeout(r, 1100));
    await Promise.all(
      Array.from({ length: 100 }, () =>
        fetch(`${app.url}/api/briefs?severity=high`).then((r) => r.text()),
      ),
    );
    await waitFor(async () => (await getJson('/api/status')).body.refreshing === false);
    const crawls = crawlsInLog(up.log);
    expect(crawls.length).toBeGreaterThanOrEqual(1);
    expect(crawls.length).toBeLessThanOrEqual(4);
    const nextPages = [...new Set(crawls.flat())];
    expect(nextPages).toHaveLength(2);
    expectOneFetchPerPagePerCrawl(crawls, nextPages);
  });
});

describe('start-up', () => {
  it('stops with a message naming an invalid variable', async () => {
    const bad = await startApp({ FEED_TIMEOUT_MS: 'soon' }, { waitReady: false });
    const code = await new Promise<number | null>((resolve) => {
      if (bad.process.exitCode !== null) resolve(bad.process.exitCode);
      bad.process.once('exit', (c) => resolve(c));
    });
    expect(code).not.toBe(0);
    expect(bad.output()).toMatch(/FEED_TIMEOUT_MS/);
  });

  it('FEED_URL=offline serves the bundled demo snapshot and says so', async () => {
    const offline = await startApp({ FEED_URL: 'offline' });
    try {
      const res = await fetch(`${offline.url}/api/status`);
      const status = (await res.json()) as {
        source: string;
        bundledReason: string;
        briefs: number;
      };
      expect(status.source).toBe('bundled');
      expect(status.bundledReason).toMatch(/offline/);
      expect(status.briefs).toBeGreaterThanOrEqual(200);
      // Its text index is built too: the status says a search is answered at once.
      await waitFor(
        async () =>
          ((await (await fetch(`${offline.url}/api/status`)).json()) as { searchReady: boolean })
            .searchReady,
      );
    } finally {
      await offline.stop();
    }
  });
});
