import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '@/lib/config';
import { ServedFeed } from '@/lib/serving/served-feed';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';

// Hostile or broken upstream documents: each ends in a clear error in the status while the last
// good data keeps serving, and none of them crashes the process or grows memory without bound.

const FEED = 'https://jsonfeed.org/version/1.1';
const good = (n: number) => ({
  id: `/briefs/malformed-test-${n}/`,
  url: `https://feed.craftedsignal.io/briefs/malformed-test-${n}/`,
  title: `Malformed test ${n}`,
  content_html: `<p>Body ${n}</p>`,
  date_published: '2026-10-10T10:00:00Z',
});

let up: UpstreamStandIn;
let store: ServedFeed;

// A fresh stand-in per test: routes and faults never leak between tests.
beforeEach(async () => {
  up = await startUpstream({ oversizedBytes: 100 * 1024 * 1024 });
  up.setItems([good(1), good(2), good(3)], { pageSize: 2 });
  store = await ServedFeed.load(
    parseConfig({
      FEED_URL: up.feedUrl,
      FEED_STIX_URL: 'off',
      ATTACK_URL: 'off',
      CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'malformed-')),
      FEED_TIMEOUT_MS: '5000',
    }),
  );
  await store.refresh();
  expect(store.getStatus().briefs).toBe(3);
});
afterEach(async () => {
  await up.close();
});

async function expectErrorAndLastGood(pattern: RegExp) {
  await store.refresh();
  const status = store.getStatus();
  expect(status.upstream.lastError).toMatch(pattern);
  expect(status.briefs).toBe(3);
  expect(store.getBrief('malformed-test-2')?.title).toBe('Malformed test 2');
}

describe('malformed upstream documents', () => {
  it('a 100 MB body is cut at the size cap, not buffered', async () => {
    const before = process.memoryUsage().rss;
    up.fault('oversized');
    await expectErrorAndLastGood(/larger than the 25 MB cap/);
    expect(process.memoryUsage().rss - before).toBeLessThan(80 * 1024 * 1024);
  });

  it('truncated JSON', async () => {
    up.setRoute('/feed.json', '{"version":"' + FEED + '","items":[{"title":"cut', {
      contentType: 'application/json',
    });
    await expectErrorAndLastGood(/not valid JSON/);
  });

  it('deeply nested JSON', async () => {
    const depth = 200_000;
    up.setRoute('/feed.json', '['.repeat(depth) + ']'.repeat(depth), {
      contentType: 'application/json',
    });
    await expectErrorAndLastGood(/not valid JSON|not a JSON Feed page/);
  });

  it('a document that is JSON but not a feed page', async () => {
    up.setRoute('/feed.json', { version: FEED, items: 'nope' });
    await expectErrorAndLastGood(/not a JSON Feed page/);
  });

  it('invalid UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`{"version":"${FEED}","items":[{"title":"`),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}]}'),
    ]);
    up.setRoute('/feed.json', bytes, { contentType: 'application/json' });
    await expectErrorAndLastGood(/not valid UTF-8/);
  });

  it('a next_url loop (page 3 back to page 1)', async () => {
    up.setRoute('/feed.json', { version: FEED, items: [good(1)], next_url: '/p/2.json' });
    up.setRoute('/p/2.json', { version: FEED, items: [good(2)], next_url: '/p/3.json' });
    up.setRoute('/p/3.json', { version: FEED, items: [good(3)], next_url: `${up.url}/feed.json` });
    await expectErrorAndLastGood(/loops/);
  });

  it('a next_url to another host is not followed', async () => {
    up.setRoute('/feed.json', {
      version: FEED,
      items: [good(1)],
      next_url: 'http://127.0.0.2:9/feed.json',
    });
    await expectErrorAndLastGood(/leaves the feed's origin/);
  });

  it('a next_url with a non-http scheme is not followed', async () => {
    up.setRoute('/feed.json', { version: FEED, items: [good(1)], next_url: 'file:///etc/passwd' });
    await expectErrorAndLastGood(/only http\(s\) is followed/);
  });

  it('10,000 items on one page are all ingested', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => good(1000 + i));
    up.setRoute('/feed.json', { version: FEED, items });
    await store.refresh();
    expect(store.getStatus().upstream.lastError).toBeNull();
    expect(store.getStatus().briefs).toBe(10_000);
  });
});
