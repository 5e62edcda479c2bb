import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBenchApp, stopBenchApp, watchIngest, type BenchApp } from '@/dev/load/app';
import { buildFeed, startFeedUpstream, type BenchFeed } from '@/dev/load/feed';
import { readVm } from '@/dev/load/proc';
import type { UpstreamStandIn } from '@/dev/upstream/server';

// The server stays up under a small container's heap limit (issue 23): `npm run bench` runs
// 10,000 briefs under the limit a 512 MB container gives; this test runs the bench's synthetic
// feed at 2,000 briefs under a limit smaller in proportion, through the cold ingest and a mixed
// load of queries, pages and exports, and checks that nothing crashes or fails. The limit binds:
// measured here, an unlimited server's heap grew to 177 MB on the same work (104 MB of it in use),
// one limited to 96 MB held at 94 MB, and one limited to 72 MB ran out of memory under the load.

const BRIEFS = 2_000;
/** MB of old space: what the server needs at this size with a little to spare (see above). */
const HEAP_LIMIT_MB = Number(process.env.HEAP_LIMIT_TEST_MB ?? 112);

let feed: BenchFeed;
let upstream: UpstreamStandIn;
let bench: BenchApp;

beforeAll(async () => {
  feed = buildFeed(BRIEFS);
  upstream = await startFeedUpstream(feed);
  bench = await startBenchApp(upstream.feedUrl, {
    FEED_TIMEOUT_MS: '60000',
    METRICS_ENABLED: 'true',
    NODE_OPTIONS: HEAP_LIMIT_MB > 0 ? `--max-old-space-size=${HEAP_LIMIT_MB}` : '',
  });
}, 5 * 60_000);

afterAll(async () => {
  if (bench) await stopBenchApp(bench);
  await upstream?.close();
});

function alive(): boolean {
  return bench.app.process.exitCode === null && bench.app.process.signalCode === null;
}

/** One metric's value from /metrics (Prometheus text format). */
async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${bench.app.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

/** Runs `paths` over `connections` parallel loops; every answer must be a 200. */
async function load(paths: string[], connections: number): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < paths.length) {
        const path = paths[next++]!;
        try {
          const res = await fetch(`${bench.app.url}${path}`);
          await res.arrayBuffer();
          if (res.status !== 200) failures.push(`${path}: HTTP ${res.status}`);
        } catch (error) {
          failures.push(`${path}: ${String(error)}`);
        }
      }
    }),
  );
  return failures;
}

describe(`under --max-old-space-size=${HEAP_LIMIT_MB} at ${BRIEFS} briefs`, () => {
  it('the listening process runs with the limit', () => {
    const environ = readFileSync(`/proc/${bench.pid}/environ`, 'utf8').split('\0');
    if (HEAP_LIMIT_MB > 0)
      expect(environ).toContain(`NODE_OPTIONS=--max-old-space-size=${HEAP_LIMIT_MB}`);
  });

  it(
    'ingests every brief of a cold crawl and stays up',
    async () => {
      const ingest = await watchIngest(bench, BRIEFS, 10 * 60_000);
      expect(ingest.briefs).toBe(BRIEFS);
      expect(ingest.status.upstream.lastError ?? null).toBeNull();
      expect(alive()).toBe(true);
    },
    11 * 60_000,
  );

  it(
    'answers a mixed load of queries, pages and exports without one failure',
    async () => {
      const slugs = feed.slugs.slice(0, 60);
      const vendors = feed.vendors.slice(0, 30);
      const paths: string[] = [];
      for (let i = 0; i < 60; i++) {
        const vendor = encodeURIComponent(vendors[i % vendors.length]!);
        paths.push(
          `/api/briefs?vendor=${vendor}`,
          `/api/briefs?q=${encodeURIComponent(feed.words[i % feed.words.length]!)}&page=${1 + (i % 5)}`,
          `/api/briefs/${slugs[i]}`,
          `/?vendor=${vendor}&severity=high`,
          `/briefs/${slugs[i]}`,
        );
        if (i % 10 === 0) paths.push(`/api/briefs.csv?vendor=${vendor}`, '/feed.json', '/trends');
      }
      expect(await load(paths, 10)).toEqual([]);
      expect(alive()).toBe(true);
      const status = await (await fetch(`${bench.app.url}/api/status`)).json();
      expect(status).toMatchObject({ source: 'upstream', briefs: BRIEFS });
      const heapUsed = await metric('threat_brief_nodejs_heap_size_used_bytes');
      const heapTotal = await metric('threat_brief_nodejs_heap_size_total_bytes');
      console.log(
        `heap limit ${HEAP_LIMIT_MB} MB: heap used ${(heapUsed / 2 ** 20).toFixed(0)} MB of ${(heapTotal / 2 ** 20).toFixed(0)} MB, VmHWM ${(readVm(bench.pid, 'VmHWM') / 2 ** 20).toFixed(0)} MB`,
      );
    },
    5 * 60_000,
  );
});
