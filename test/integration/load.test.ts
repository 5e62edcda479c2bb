import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStatus, startBenchApp, stopBenchApp, watchIngest, type BenchApp } from '@/dev/load/app';
import { buildFeed, startFeedUpstream } from '@/dev/load/feed';
import { runLoad, type LoadResult } from '@/dev/load/http-load';
import { trafficMix } from '@/dev/load/mix';
import type { UpstreamStandIn } from '@/dev/upstream/server';

// A short run of `npm run load` (scripts/load.ts) inside npm test: the production build under
// mixed traffic while it refreshes every second, then while the upstream fails. The long run and
// its report are `npm run load`; this proves the property on every change.

const BRIEFS = 300;
let upstream: UpstreamStandIn;
let server: BenchApp;
const feed = buildFeed(BRIEFS);

beforeAll(async () => {
  upstream = await startFeedUpstream(feed);
  server = await startBenchApp(upstream.feedUrl, { FEED_REFRESH_SECONDS: '1' });
  await watchIngest(server, BRIEFS, 60_000);
});

afterAll(async () => {
  if (server) await stopBenchApp(server);
  await upstream?.close();
});

function expectClean(result: LoadResult): void {
  expect(result.unexpectedSamples).toEqual([]);
  expect(result.unexpected).toBe(0);
  expect(result.errors + result.timeouts).toBe(0);
  expect(result.requests).toBeGreaterThan(50);
  expect(result.byCategory['intended 404']?.statuses['404'] ?? 0).toBeGreaterThan(0);
}

describe('under load', () => {
  const targets = trafficMix(feed, feed.slugs, 200);
  const url = () => server.app.url;

  it('answers every request (404 only where intended) while refreshes run', async () => {
    const before = upstream.log.length;
    expectClean(await runLoad({ url: url(), targets, connections: 8, durationSec: 4 }));
    expect(upstream.log.length).toBeGreaterThan(before); // refreshes reached the upstream meanwhile
  });

  it('keeps serving the last good data while the upstream answers 500', async () => {
    upstream.fault('http500');
    try {
      expectClean(await runLoad({ url: url(), targets, connections: 8, durationSec: 4 }));
      const status = await getStatus(url());
      expect(status.briefs).toBe(BRIEFS);
      expect(status.upstream.lastError).not.toBeNull();
    } finally {
      upstream.fault(null);
    }
  });
});
