import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedStatus } from '@/lib/serving/status';
import { startApp, waitFor, type AppServer } from '@/dev/app-server';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';

// A hostile upstream chains big pages by next_url, each under the per-response cap: the crawl
// stops at its byte budget, the server stays up and keeps serving the last good data (here the
// bundled demo) and says which budget in /api/status. RSS is logged, not asserted.

const PAGE_BYTES = 4 * 1024 * 1024;
const PAGES = 12;

function bigPage(n: number, origin: string): string {
  const filler = 'x'.repeat(400_000);
  const items = Array.from({ length: 10 }, (_, i) =>
    JSON.stringify({
      id: `/briefs/big-${n}-${i}/`,
      title: `Big ${n}.${i}`,
      content_html: `<p>${filler}</p>`,
    }),
  );
  const head = `{"version":"https://jsonfeed.org/version/1.1","title":"Big","next_url":"${origin}/big/${n + 1}.json","items":[`;
  return `${head}${items.join(',')}]}`.padEnd(PAGE_BYTES, ' ');
}

let up: UpstreamStandIn;
let app: AppServer;

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return line ? Math.round(Number(line[1]) / 1024) : NaN;
}

beforeAll(async () => {
  up = await startUpstream();
  for (let n = 1; n <= PAGES; n++)
    up.setRoute(n === 1 ? '/feed.json' : `/big/${n}.json`, bigPage(n, up.url), {
      contentType: 'application/feed+json',
    });
  app = await startApp({
    FEED_URL: up.feedUrl,
    FEED_STIX_URL: 'off',
    FEED_MAX_BYTES: String(8 * 1024 * 1024),
    FEED_MAX_CRAWL_BYTES: String(20 * 1024 * 1024),
  });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await up?.close();
});

describe('crawl budgets', () => {
  it('stops a crawl past its byte budget, stays up and says so', async () => {
    const before = rssMb(app.process.pid!);
    const s = await waitFor(async () => {
      const res = await fetch(`${app.url}/api/status`);
      const body = (await res.json()) as FeedStatus;
      return body.upstream.stoppedBy ? body : null;
    }, 60_000);
    expect(s.upstream.stoppedBy).toBe('bytes');
    expect(s.upstream.lastError).toMatch(/byte budget \(FEED_MAX_CRAWL_BYTES = 20 MB\)/);
    expect(s.source).toBe('bundled'); // nothing of the cut crawl is served
    expect(app.process.exitCode).toBeNull();
    const list = await fetch(`${app.url}/api/briefs?pageSize=1`);
    expect(list.status).toBe(200);
    const page = await (await fetch(`${app.url}/`)).text();
    expect(page).toContain('byte cap');
    const fetched = up.log.filter(
      (l) => l.path.includes('feed.json') || l.path.startsWith('/big/'),
    );
    console.log(
      `byte budget: ${fetched.length} pages of ${PAGE_BYTES / 1024 / 1024} MB requested of ${PAGES}; RSS ${before} MB before, ${rssMb(app.process.pid!)} MB after`,
    );
    expect(fetched.length).toBeLessThan(PAGES);
  }, 90_000);
});
