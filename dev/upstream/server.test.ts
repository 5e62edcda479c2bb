import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BASIC_PAGE_SIZE,
  BASIC_PRODUCT_COUNTS,
  BASIC_SEVERITY_COUNTS,
  BASIC_TOTAL,
  BASIC_VENDOR_COUNTS,
  basicItems,
  basicStix,
} from '../fixtures/basic';
import { LOOP_UNIQUE_ITEMS, loopPages } from '../fixtures/malformed';
import { startUpstream, type UpstreamStandIn } from './server';

interface Page {
  items: { id?: string; title?: string }[];
  next_url?: string;
  [key: string]: unknown;
}

/** Follow next_url from `start`, resolving each against the URL of the page that carried it. */
async function crawl(start: string, limit = 50): Promise<{ urls: string[]; pages: Page[] }> {
  const urls: string[] = [];
  const pages: Page[] = [];
  let next: string | undefined = start;
  while (next && urls.length < limit) {
    urls.push(next);
    const res = await fetch(next);
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page;
    pages.push(page);
    next = page.next_url ? new URL(page.next_url, next).toString() : undefined;
  }
  return { urls, pages };
}

let upstream: UpstreamStandIn;

beforeAll(async () => {
  upstream = await startUpstream({ slowMs: 400, oversizedBytes: 3 * 1024 * 1024 });
});

afterAll(async () => {
  await upstream.close();
});

afterEach(() => {
  upstream.fault(null);
  upstream.loadFixture('basic');
  upstream.resetCounts();
});

describe('pagination', () => {
  it('serves the basic fixture over 3 pages with relative next_url by default', async () => {
    upstream.loadFixture('basic');
    const first = (await (await fetch(upstream.feedUrl)).json()) as Page;
    expect(first.next_url).toBe('/page/2/feed.json');
    const { urls, pages } = await crawl(upstream.feedUrl);
    expect(urls).toEqual([
      upstream.feedUrl,
      `${upstream.url}/page/2/feed.json`,
      `${upstream.url}/page/3/feed.json`,
    ]);
    expect(pages.map((p) => p.items.length)).toEqual([
      BASIC_PAGE_SIZE,
      BASIC_PAGE_SIZE,
      BASIC_PAGE_SIZE,
    ]);
    expect(pages.flatMap((p) => p.items).length).toBe(BASIC_TOTAL);
    expect(pages[2]?.next_url).toBeUndefined();
  });

  it('uses absolute next_url when asked', async () => {
    upstream.setItems(basicItems, { pageSize: 12, absoluteNextUrl: true });
    const { urls, pages } = await crawl(upstream.feedUrl);
    expect(pages[0]?.next_url).toBe(`${upstream.url}/page/2/feed.json`);
    expect(urls).toHaveLength(3);
    expect(pages.map((p) => p.items.length)).toEqual([12, 12, 6]);
  });

  it('resolves document-relative next_url against the page that carried it', async () => {
    upstream.setItems(basicItems, { pageSize: 10, relative: 'document' });
    const { urls, pages } = await crawl(upstream.feedUrl);
    expect(pages[0]?.next_url).toBe('page/2/feed.json');
    expect(pages[1]?.next_url).toBe('../3/feed.json');
    expect(urls[2]).toBe(`${upstream.url}/page/3/feed.json`);
  });

  it('serves ?page=N as well as /page/N/feed.json, and query-style next_url', async () => {
    const byPath = await (await fetch(`${upstream.url}/page/2/feed.json`)).text();
    const byQuery = await (await fetch(`${upstream.url}/feed.json?page=2`)).text();
    expect(byQuery).toBe(byPath);
    upstream.setItems(basicItems, { pageSize: 10, pageUrlStyle: 'query', absoluteNextUrl: true });
    const first = (await (await fetch(upstream.feedUrl)).json()) as Page;
    expect(first.next_url).toBe(`${upstream.url}/feed.json?page=2`);
    expect((await fetch(`${upstream.url}/page/4/feed.json`)).status).toBe(404);
  });

  it('copies the top-level shape of the real page', async () => {
    // The keys of a real last page (/products/s3/), in the upstream's order.
    const realKeys = [
      'description',
      'feed_url',
      'home_page_url',
      'items',
      'language',
      'title',
      'version',
    ];
    const res = await fetch(`${upstream.url}/page/3/feed.json`);
    const text = await res.text();
    const page = JSON.parse(text) as object;
    expect(Object.keys(page)).toEqual(realKeys);
    const first = (await (await fetch(upstream.feedUrl)).json()) as object;
    expect(Object.keys(first)).toEqual([...realKeys.slice(0, 5), 'next_url', ...realKeys.slice(5)]);
    expect(text).toContain('\\u003cp\\u003e'); // Go-style escaping like the upstream
    expect((page as Page).version).toBe('https://jsonfeed.org/version/1.1');
  });

  it('serves setPages documents as given, including a loop', async () => {
    upstream.setPages(loopPages());
    const { urls, pages } = await crawl(upstream.feedUrl, 6);
    expect(urls).toHaveLength(6);
    expect(new Set(pages.flatMap((p) => p.items.map((i) => i.id))).size).toBe(LOOP_UNIQUE_ITEMS);
    upstream.setPages(loopPages(), { basePath: '/archive/feed.json' });
    expect((await fetch(`${upstream.url}/archive/feed.json`)).status).toBe(200);
    expect((await fetch(`${upstream.url}/archive/page/2/feed.json`)).status).toBe(200);
    expect((await fetch(upstream.feedUrl)).status).toBe(404);
  });

  it('handles an empty feed as one page without next_url', async () => {
    upstream.setItems([]);
    const page = (await (await fetch(upstream.feedUrl)).json()) as Page;
    expect(page.items).toEqual([]);
    expect(page.next_url).toBeUndefined();
  });
});

describe('caching headers', () => {
  it('sends a strong ETag and Last-Modified, and 304 on If-None-Match', async () => {
    const res = await fetch(upstream.feedUrl);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(res.headers.get('last-modified')).toBeTruthy();
    expect(res.headers.get('content-type')).toMatch(/^application\/feed\+json/);
    await res.arrayBuffer();

    const again = await fetch(upstream.feedUrl, { headers: { 'If-None-Match': etag ?? '' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(upstream.requests('/feed.json')).toBe(2);

    const weak = await fetch(upstream.feedUrl, {
      headers: { 'If-None-Match': `"nope", W/${etag}` },
    });
    expect(weak.status).toBe(304);
    const other = await fetch(upstream.feedUrl, {
      headers: { 'If-None-Match': '"something-else"' },
    });
    expect(other.status).toBe(200);
    await other.arrayBuffer();
  });

  it('answers If-Modified-Since and changes the ETag when the content changes', async () => {
    const res = await fetch(upstream.feedUrl);
    const etag = res.headers.get('etag');
    const lastModified = res.headers.get('last-modified') ?? '';
    await res.arrayBuffer();
    expect(
      (await fetch(upstream.feedUrl, { headers: { 'If-Modified-Since': lastModified } })).status,
    ).toBe(304);
    upstream.setItems(basicItems.slice(1), { pageSize: BASIC_PAGE_SIZE });
    const changed = await fetch(upstream.feedUrl, { headers: { 'If-None-Match': etag ?? '' } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    await changed.arrayBuffer();
  });

  it('uses application/json for STIX and index documents', async () => {
    const res = await fetch(upstream.stixUrl);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('etag')).toBeTruthy();
    await res.arrayBuffer();
  });
});

describe('faults', () => {
  it('down: destroys the socket without a response', async () => {
    upstream.fault('down');
    await expect(fetch(upstream.feedUrl)).rejects.toThrow();
    expect(upstream.requests('/feed.json')).toBe(1);
    expect(upstream.log[0]?.status).toBe(0);
  });

  it('http500 and http404', async () => {
    upstream.fault('http500');
    expect((await fetch(upstream.feedUrl)).status).toBe(500);
    upstream.fault('http404');
    expect((await fetch(upstream.feedUrl)).status).toBe(404);
  });

  it('slow: holds the response for slowMs', async () => {
    upstream.fault('slow');
    const started = Date.now();
    await expect(fetch(upstream.feedUrl, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    const res = await fetch(upstream.feedUrl);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(((await res.json()) as Page).items).toHaveLength(BASIC_PAGE_SIZE);
  });

  it('invalid-json: 200 with a body that does not parse', async () => {
    upstream.fault('invalid-json');
    const res = await fetch(upstream.feedUrl);
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
  });

  it('truncated: Content-Length promises more than the body delivers', async () => {
    upstream.fault('truncated');
    const res = await fetch(upstream.feedUrl);
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(1000);
    await expect(res.text()).rejects.toThrow();
  });

  it('oversized: streams more than oversizedBytes, and stops when the client gives up', async () => {
    upstream.fault('oversized');
    const res = await fetch(upstream.feedUrl);
    expect(res.headers.get('content-length')).toBeNull();
    const reader = res.body?.getReader();
    let received = 0;
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      received += chunk.value.length;
    }
    expect(received).toBeGreaterThanOrEqual(3 * 1024 * 1024);

    upstream.fault('oversized');
    const controller = new AbortController();
    const partial = await fetch(upstream.feedUrl, { signal: controller.signal });
    const first = await partial.body?.getReader().read();
    expect(first?.value?.length).toBeGreaterThan(0);
    controller.abort();
    expect((await fetch(`${upstream.url}/stix.json`)).status).toBe(200);
  });

  it('heals after `times` and can target one path', async () => {
    upstream.fault('http500', { times: 2 });
    expect((await fetch(upstream.feedUrl)).status).toBe(500);
    expect((await fetch(`${upstream.url}/page/2/feed.json`)).status).toBe(500);
    expect((await fetch(upstream.feedUrl)).status).toBe(200);

    upstream.fault('http500', { path: '/page/2/feed.json' });
    expect((await fetch(upstream.feedUrl)).status).toBe(200);
    expect((await fetch(`${upstream.url}/page/2/feed.json`)).status).toBe(500);
    expect((await fetch(`${upstream.url}/page/3/feed.json`)).status).toBe(200);
    upstream.fault(null);
    expect((await fetch(`${upstream.url}/page/2/feed.json`)).status).toBe(200);
  });

  it('rejects an unknown fault name', () => {
    expect(() => upstream.fault('bogus' as never)).toThrow(/unknown fault/);
  });
});

describe('counts and log', () => {
  it('counts per path + query and in total, with the request headers', async () => {
    await (
      await fetch(upstream.feedUrl, { headers: { 'User-Agent': 'stand-in-test' } })
    ).arrayBuffer();
    await (await fetch(`${upstream.url}/feed.json?page=2`)).arrayBuffer();
    await (await fetch(`${upstream.url}/nope`)).arrayBuffer();
    expect(upstream.requests('/feed.json')).toBe(1);
    expect(upstream.requests('/feed.json?page=2')).toBe(1);
    expect(upstream.requests()).toBe(3);
    expect(upstream.log.map((e) => [e.path, e.status])).toEqual([
      ['/feed.json', 200],
      ['/feed.json?page=2', 200],
      ['/nope', 404],
    ]);
    expect(upstream.log[0]?.headers['user-agent']).toBe('stand-in-test');
    upstream.resetCounts();
    expect(upstream.requests()).toBe(0);
    expect(upstream.log).toHaveLength(0);
  });

  it('answers 404 for unknown paths and 405 for other methods', async () => {
    expect((await fetch(`${upstream.url}/briefs/x/`)).status).toBe(404);
    expect((await fetch(upstream.feedUrl, { method: 'POST', body: '{}' })).status).toBe(405);
  });
});

describe('taxonomy feeds', () => {
  const count = async (path: string): Promise<number> => {
    const { pages } = await crawl(`${upstream.url}${path}`);
    return pages.reduce((n, p) => n + p.items.length, 0);
  };

  it('serves vendor, product, severity and tag feeds computed from the items', async () => {
    expect(await count('/vendors/microsoft/feed.json')).toBe(BASIC_VENDOR_COUNTS.Microsoft);
    expect(await count('/products/fortios/feed.json')).toBe(BASIC_PRODUCT_COUNTS.FortiOS);
    expect(await count('/products/exchange-server/feed.json')).toBe(
      BASIC_PRODUCT_COUNTS['Exchange Server'],
    );
    expect(await count('/severities/critical/feed.json')).toBe(BASIC_SEVERITY_COUNTS.critical);
    expect(await count('/types/rumour/feed.json')).toBe(2);
    expect(await count('/actors/scattered-spider/feed.json')).toBe(2);
    const underscore = await count('/tags/initial_access/feed.json');
    expect(underscore).toBe(11);
    expect(await count('/tags/initial-access/feed.json')).toBe(underscore);
  });

  it('titles a term feed like the real one and 404s unknown terms', async () => {
    const page = (await (await fetch(`${upstream.url}/vendors/amazon/feed.json`)).json()) as Page;
    expect(page.title).toBe('CraftedSignal Threat Feed — Amazon');
    expect(page.feed_url).toBe(`${upstream.url}/vendors/amazon/`);
    expect((await fetch(`${upstream.url}/vendors/no-such-vendor/feed.json`)).status).toBe(404);
  });

  it('paginates a term feed with the same page size', async () => {
    upstream.setItems(basicItems, { pageSize: 4 });
    const { urls } = await crawl(`${upstream.url}/vendors/microsoft/feed.json`);
    expect(urls[1]).toBe(`${upstream.url}/vendors/microsoft/page/2/feed.json`);
    expect(urls).toHaveLength(Math.ceil(BASIC_VENDOR_COUNTS.Microsoft / 4));
  });

  it('lists terms with counts in /<plural>/index.json', async () => {
    const list = (await (await fetch(`${upstream.url}/vendors/index.json`)).json()) as {
      url: string;
      title: string;
      count: number;
    }[];
    expect(list.find((t) => t.title === 'Microsoft')).toEqual({
      url: `${upstream.url}/vendors/microsoft/`,
      title: 'Microsoft',
      count: BASIC_VENDOR_COUNTS.Microsoft,
    });
  });
});

describe('STIX', () => {
  it('serves the bundle, monthly bundles and the month index; 404 when unset', async () => {
    const bundle = (await (await fetch(upstream.stixUrl)).json()) as {
      type: string;
      objects: unknown[];
    };
    expect(bundle.type).toBe('bundle');
    expect(bundle.objects).toHaveLength(basicStix.objects.length);

    const index = (await (await fetch(`${upstream.url}/stix/index.json`)).json()) as {
      months: { month: string; path: string; brief_count: number }[];
    };
    expect(index.months[0]?.month).toBe('2026-11');
    const month = (await (await fetch(`${upstream.url}${index.months[0]?.path}`)).json()) as {
      objects: { type: string; published?: string }[];
    };
    const reports = month.objects.filter((o) => o.type === 'report');
    expect(reports).toHaveLength(index.months[0]?.brief_count ?? -1);
    expect(reports.every((r) => r.published?.startsWith('2026-11'))).toBe(true);
    expect(month.objects.some((o) => o.type === 'attack-pattern')).toBe(true);

    upstream.setStix(null);
    expect((await fetch(upstream.stixUrl)).status).toBe(404);
  });
});

describe('raw routes', () => {
  it('serves strings, objects and buffers with the given status and type, over computed routes', async () => {
    upstream.setRoute('/attack/enterprise-attack.json', { type: 'bundle', objects: [] });
    const res = await fetch(`${upstream.url}/attack/enterprise-attack.json`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ type: 'bundle', objects: [] });

    upstream.setRoute('/feed.json', '<html>maintenance</html>', {
      status: 503,
      contentType: 'text/html',
    });
    const down = await fetch(upstream.feedUrl);
    expect(down.status).toBe(503);
    expect(await down.text()).toBe('<html>maintenance</html>');

    upstream.setRoute('/feed.json?page=9', Buffer.from('{}'), {
      contentType: 'application/feed+json',
    });
    expect(await (await fetch(`${upstream.url}/feed.json?page=9`)).text()).toBe('{}');
  });
});

describe('control endpoints', () => {
  it('switches faults and fixtures and reports counts without counting itself', async () => {
    const post = (path: string, body?: unknown) =>
      fetch(`${upstream.url}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await post('/__control/fault', { fault: 'http500', times: 1 })).status).toBe(200);
    expect((await fetch(upstream.feedUrl)).status).toBe(500);
    expect((await fetch(upstream.feedUrl)).status).toBe(200);

    const loaded = (await (await post('/__control/items?fixture=malformed')).json()) as {
      items: number;
    };
    expect(loaded.items).toBe(30);
    const counts = (await (await fetch(`${upstream.url}/__control/requests`)).json()) as {
      total: number;
      byPath: Record<string, number>;
    };
    expect(counts.total).toBe(2);
    expect(counts.byPath['/feed.json']).toBe(2);
    const one = (await (
      await fetch(`${upstream.url}/__control/requests?path=/feed.json`)
    ).json()) as { count: number };
    expect(one.count).toBe(2);
    expect((await post('/__control/reset')).status).toBe(200);
    expect(upstream.requests()).toBe(0);
    expect((await post('/__control/items?fixture=nope')).status).toBe(400);
  });
});

describe('CLI', () => {
  it('starts on a free port, prints UPSTREAM_READY and serves the fixture', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'dev/upstream/server.ts', '--port', '0', '--fixture', 'v1'],
      {
        cwd: process.cwd(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no UPSTREAM_READY within 20 s')), 20_000);
        createInterface({ input: child.stdout }).on('line', (line) => {
          const m = /^UPSTREAM_READY (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.once('exit', (code) => reject(new Error(`stand-in exited with ${code}`)));
      });
      const page = (await (await fetch(`${url}/feed.json`)).json()) as Page;
      expect(page.version).toBe('https://jsonfeed.org/version/1');
      expect(page.items).toHaveLength(5);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
