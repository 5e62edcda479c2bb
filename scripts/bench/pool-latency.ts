import { getStatus, startBenchApp, stopBenchApp } from '@/dev/load/app';
import { buildFeed, startFeedUpstream } from '@/dev/load/feed';
import { cpuMs, readVm } from '@/dev/load/proc';

// npx tsx scripts/bench/pool-latency.ts [count] [setting ...]: how the serving thread answers
// while a first crawl ingests `count` briefs, under each setting in turn (`default`, or VAR=value
// pairs joined by commas; by default: every body in the pool, the defaults, every body on the
// serving thread), twice each, alternating. One small request at a time, back to back, for the
// whole crawl; prints its latency percentiles, the crawl's duration, next-server's CPU and peak RSS.

const COUNT = Number(process.argv[2] ?? 10_000);
const SETTINGS = process.argv.slice(3).length
  ? process.argv.slice(3)
  : ['HTML_POOL_MIN_CHARS=0', 'default', 'HTML_POOL_THREADS=0'];
const envOf = (setting: string): Record<string, string> =>
  setting === 'default'
    ? {}
    : Object.fromEntries(setting.split(',').map((pair) => pair.split('=') as [string, string]));
const feed = buildFeed(COUNT);
const upstream = await startFeedUpstream(feed);

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

try {
  for (const setting of [...SETTINGS, ...[...SETTINGS].reverse()]) {
    const bench = await startBenchApp(upstream.feedUrl, envOf(setting));
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
        `${setting} (${s.htmlPool.mode}, ${s.htmlPool.rendered} rendered in workers, ` +
          `${s.htmlPool.renderedInThread} in the serving thread): ` +
          `${COUNT} briefs in ${(crawlMs / 1000).toFixed(1)} s; /api/briefs?pageSize=1 during it ` +
          `p50 ${pct(sorted, 50).toFixed(0)} ms, p99 ${pct(sorted, 99).toFixed(0)} ms, ` +
          `max ${sorted.at(-1)!.toFixed(0)} ms (${sorted.length} requests); ` +
          `server CPU ${(cpuMs(bench.pid) / 1000).toFixed(1)} s; peak RSS ${mb(readVm(bench.pid, 'VmHWM'))}`,
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
