import { Redis } from 'ioredis';
import { buildFeed, startFeedUpstream } from '@/dev/load/feed';
import { getStatus, startBenchApp, stopBenchApp, watchIngest } from '@/dev/load/app';
import { readVm } from '@/dev/load/proc';
import { startRedis } from '@/dev/redis-server';

// Two production instances share one synthetic feed through a real redis-server: A crawls and
// publishes, then B starts and adopts the shared version. Prints B's adoption time and peak RSS.
// Usage: npx tsx scripts/bench/shared-adoption.ts [briefs=10000]

const COUNT = Number(process.argv[2] ?? 10_000);
const SECRET = 'bench-snapshot-secret-0123456789abcdef';
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

async function main(): Promise<void> {
  const feed = buildFeed(COUNT);
  const upstream = await startFeedUpstream(feed);
  const redis = await startRedis();
  const env = { REDIS_URL: redis.url, REDIS_SNAPSHOT_SECRET: SECRET };
  try {
    const a = await startBenchApp(upstream.feedUrl, env);
    const crawled = await watchIngest(a, COUNT, 600_000);
    for (let s = crawled.status; s.redis?.version == null; s = await getStatus(a.app.url))
      await new Promise((r) => setTimeout(r, 100));
    console.log(`A crawled and published ${COUNT} briefs in ${Math.round(crawled.settledMs)} ms`);
    const version = (await getStatus(a.app.url)).redis?.version;
    const raw = new Redis(redis.url);
    const sizes = await Promise.all(
      (await raw.keys('briefs:*')).map(
        async (k) => [k, await raw.strlen(k).catch(() => 0)] as const,
      ),
    );
    raw.disconnect();
    const largest = sizes.reduce((m, [k, n]) => (n > m[1] ? [k, n] : m), ['', 0] as const);
    const total = sizes.reduce((sum, [, n]) => sum + n, 0);
    console.log(
      `Redis: ${sizes.length} keys, ${mb(total)} stored, largest value ${largest[0]} ${Math.round(largest[1] / 1024)} kB`,
    );

    const b = await startBenchApp(upstream.feedUrl, env);
    upstream.resetCounts();
    let bootMs = NaN;
    let peakAnon = 0;
    for (;;) {
      peakAnon = Math.max(peakAnon, readVm(b.pid, 'RssAnon'));
      const status = await getStatus(b.app.url).catch(() => null);
      const now = performance.now() - b.spawnedAt;
      if (status && Number.isNaN(bootMs)) bootMs = now;
      if (
        status &&
        status.redis?.version === version &&
        status.briefs === COUNT &&
        !status.refreshing
      ) {
        console.log(
          [
            `B adopted version ${version}: ${status.briefs} briefs, source ${status.source}`,
            `B boot (status answers) ${Math.round(bootMs)} ms, served ${Math.round(now)} ms after spawn`,
            `B adoption (boot to served) ${Math.round(now - bootMs)} ms`,
            `B VmHWM ${mb(readVm(b.pid, 'VmHWM'))}, peak RssAnon seen ${mb(peakAnon)} (sampled every ~50 ms), RssAnon now ${mb(readVm(b.pid, 'RssAnon'))}, RssFile now ${mb(readVm(b.pid, 'RssFile'))} (the brief store's mapped pages), VmRSS now ${mb(readVm(b.pid, 'VmRSS'))}`,
            `A (publisher) VmHWM ${mb(readVm(a.pid, 'VmHWM'))}, RssAnon ${mb(readVm(a.pid, 'RssAnon'))}, RssFile ${mb(readVm(a.pid, 'RssFile'))}`,
            `upstream requests during B's start: ${upstream.log.length}`,
          ].join('\n'),
        );
        break;
      }
      if (now > 600_000) throw new Error(`B did not adopt: ${JSON.stringify(status?.redis)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await stopBenchApp(b);
    await stopBenchApp(a);
  } finally {
    await upstream.close();
    await redis.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
