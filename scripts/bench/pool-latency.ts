import { getStatus, startBenchApp, stopBenchApp } from '@/dev/load/app';
import { buildFeed, startFeedUpstream } from '@/dev/load/feed';
import { readVm } from '@/dev/load/proc';

// npx tsx scripts/bench/pool-latency.ts [count]: how the serving thread answers while a first
// crawl ingests `count` briefs, with item bodies sanitised in the HTML worker pool and on the
// serving thread (HTML_POOL_THREADS=0). One small request at a time, back to back, for the whole
// crawl; prints its latency percentiles, the crawl's duration and next-server's peak RSS.

const COUNT = Number(process.argv[2] ?? 10_000);
const feed = buildFeed(COUNT);
const upstream = await startFeedUpstream(feed);

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

try {
  for (const threads of ['2', '0']) {
    const bench = await startBenchApp(upstream.feedUrl, { HTML_POOL_THREADS: threads });
    try {
      const latencies: number[] = [];
      const started = performance.now();
      for (;;) {
        const t = performance.now();
        const res = await fetch(`${bench.app.url}/api/briefs?pageSize=1`);
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (latencies.length % 20 === 0) {
          const s = await getStatus(bench.app.url);
          if (s.source === 'upstream' && s.refreshing === false && s.briefs === COUNT) break;
        }
      }
      const crawlMs = performance.now() - started;
      const sorted = latencies.sort((a, b) => a - b);
      const s = await getStatus(bench.app.url);
      console.log(
        `HTML_POOL_THREADS=${threads} (${s.htmlPool.mode}, ${s.htmlPool.rendered} rendered in workers): ` +
          `${COUNT} briefs in ${(crawlMs / 1000).toFixed(1)} s; /api/briefs?pageSize=1 during it ` +
          `p50 ${pct(sorted, 50).toFixed(0)} ms, p99 ${pct(sorted, 99).toFixed(0)} ms, ` +
          `max ${sorted.at(-1)!.toFixed(0)} ms (${sorted.length} requests); ` +
          `peak RSS ${mb(readVm(bench.pid, 'VmHWM'))}`,
      );
      // Idle workers exit after 5 s: what the process keeps once they have.
      await new Promise((r) => setTimeout(r, 8_000));
      const after = await getStatus(bench.app.url);
      console.log(
        `  8 s later: ${after.htmlPool.workersAlive} workers alive, RSS ${mb(readVm(bench.pid, 'VmRSS'))} ` +
          `(anonymous ${mb(readVm(bench.pid, 'RssAnon'))}, file-backed ${mb(readVm(bench.pid, 'RssFile'))})`,
      );
    } finally {
      await stopBenchApp(bench);
    }
  }
} finally {
  await upstream.close();
}
