import {
  ensureBuild,
  startBenchApp,
  stopBenchApp,
  watchIngest,
  type BenchApp,
} from '@/dev/load/app';
import { buildFeed, publishSeries, serveFeed, startFeedUpstream } from '@/dev/load/feed';
import { runLoad } from '@/dev/load/http-load';
import { trafficMix } from '@/dev/load/mix';
import { readVm } from '@/dev/load/proc';
import {
  categoryTable,
  LOAD_ALIGN,
  LOAD_HEADER,
  loadRow,
  watchStatus,
  writeReliability,
} from './bench/reliability';
import { machineInfo, table } from './bench/report';
import { int, mb, mean, seconds } from '@/dev/load/stats';

// npm run soak: the load test's traffic for SOAK_SECONDS while the feed keeps changing (25 new
// briefs every 20 s, the upstream failing for 6 s of every 45), sampling the server's RSS every
// 5 s. Memory must settle: the mean of the last third may exceed the middle third's by at most
// SOAK_MAX_GROWTH (default 15%). Unexpected statuses or errors fail it too.
//   SOAK_SECONDS=180  SOAK_CONNECTIONS=8  SOAK_BRIEFS=2000  SOAK_MAX_GROWTH=0.15

const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 8);
const BRIEFS = Number(process.env.SOAK_BRIEFS ?? 2_000);
const MAX_GROWTH = Number(process.env.SOAK_MAX_GROWTH ?? 0.15);
const SAMPLE_MS = 5_000;
const PUBLISH_EVERY_MS = 20_000;
const PUBLISH_SIZE = 25;
const FAULT_EVERY_MS = 45_000;
const FAULT_FOR_MS = 6_000;
const COMMAND = `SOAK_SECONDS=${SECONDS} npm run soak`;

function log(message: string): void {
  process.stderr.write(`[soak] ${message}\n`);
}

async function main(): Promise<boolean> {
  if (!(SECONDS >= 30))
    throw new Error('SOAK_SECONDS must be at least 30 (three thirds of several samples)');
  const build = await ensureBuild();
  if (build.built) log(`built (${build.reason})`);
  const feed = buildFeed(BRIEFS);
  const { versions, stableSlugs } = publishSeries(
    feed,
    PUBLISH_SIZE,
    Math.ceil(SECONDS / (PUBLISH_EVERY_MS / 1000)),
  );
  const upstream = await startFeedUpstream(feed);
  let server: BenchApp | null = null;
  const timers: NodeJS.Timeout[] = [];
  try {
    server = await startBenchApp(upstream.feedUrl, { FEED_REFRESH_SECONDS: '2' });
    await watchIngest(server, BRIEFS);
    const { url } = server.app;
    const pid = server.pid;
    const targets = trafficMix(feed, stableSlugs);
    await runLoad({ url, targets, connections: CONNECTIONS, durationSec: 3 });

    const samples: { t: number; rss: number }[] = [];
    const start = Date.now();
    const sample = () =>
      samples.push({ t: (Date.now() - start) / 1000, rss: readVm(pid, 'VmRSS') });
    sample();
    timers.push(setInterval(sample, SAMPLE_MS));
    let publishes = 0;
    let faults = 0;
    timers.push(
      setInterval(() => {
        const version = versions[publishes + 1];
        if (!version) return;
        publishes++;
        serveFeed(upstream, version);
      }, PUBLISH_EVERY_MS),
    );
    timers.push(
      setInterval(() => {
        faults++;
        upstream.fault('http500');
        timers.push(setTimeout(() => upstream.fault(null), FAULT_FOR_MS));
      }, FAULT_EVERY_MS),
    );
    const watch = watchStatus(url, 1_000);
    log(`${SECONDS} s of traffic, RSS sampled every ${SAMPLE_MS / 1000} s`);
    const result = await runLoad({ url, targets, connections: CONNECTIONS, durationSec: SECONDS });
    for (const timer of timers) clearInterval(timer);
    if (Date.now() - start - (samples.at(-1)?.t ?? 0) * 1000 > 1_000) sample();
    upstream.fault(null);
    const statusLog = await watch.stop();
    const peak = readVm(pid, 'VmHWM');

    const third = Math.floor(samples.length / 3);
    const middle = mean(samples.slice(third, 2 * third).map((s) => s.rss));
    const last = mean(samples.slice(2 * third).map((s) => s.rss));
    const first = mean(samples.slice(0, third).map((s) => s.rss));
    const growth = (last - middle) / middle;
    const settled = growth <= MAX_GROWTH;
    const clean =
      result.unexpected === 0 &&
      result.errors === 0 &&
      result.timeouts === 0 &&
      statusLog.failures.length === 0;
    const pass = settled && clean;

    const body = [
      `## Soak test (\`${COMMAND}\`): ${pass ? 'PASS' : '**FAIL**'}`,
      '',
      machineInfo(COMMAND),
      `- Production build, ${int(BRIEFS)} briefs, \`FEED_REFRESH_SECONDS=2\`; the load test's traffic mix at ${CONNECTIONS} connections for ${SECONDS} s; ${PUBLISH_SIZE} new briefs are published every ${PUBLISH_EVERY_MS / 1000} s (${publishes} times; every page shifts and the STIX bundle changes, so the refresh after each normalises every brief again) and the upstream answers HTTP 500 for ${FAULT_FOR_MS / 1000} s of every ${FAULT_EVERY_MS / 1000} (${faults} outages)`,
      `- RSS of the listening server process (/proc/<pid>/status VmRSS) every ${SAMPLE_MS / 1000} s`,
      '',
      table(LOAD_HEADER, [loadRow(`${SECONDS} s soak`, result)], LOAD_ALIGN),
      '',
      categoryTable([result]),
      '',
      table(
        ['Memory', 'Value'],
        [
          ['RSS mean, first third (warm-up)', mb(first)],
          ['RSS mean, middle third', mb(middle)],
          ['RSS mean, last third', mb(last)],
          [
            'Growth, last vs middle third',
            `${(growth * 100).toFixed(1)}% (limit ${(MAX_GROWTH * 100).toFixed(0)}%): ${settled ? 'settled' : '**climbing**'}`,
          ],
          ['Peak RSS (VmHWM)', mb(peak)],
          [
            'Refreshes seen / errors reported',
            `${statusLog.successes.length} / ${statusLog.errors.length}`,
          ],
          [
            'Unexpected statuses / errors / status-poll failures',
            `${result.unexpected} / ${result.errors + result.timeouts} / ${statusLog.failures.length}${result.unexpectedSamples.length ? ` (${result.unexpectedSamples.join(', ')})` : ''}`,
          ],
        ],
      ),
      '',
      `RSS samples (s: MB): ${samples.map((s) => `${s.t.toFixed(0)}: ${(s.rss / 1024 / 1024).toFixed(0)}`).join(', ')}`,
    ].join('\n');
    writeReliability('soak', body);
    process.stdout.write(`\n${body}\n`);
    log(`${pass ? 'PASS' : 'FAIL'} in ${seconds(Date.now() - start)}; wrote docs/reliability.md`);
    return pass;
  } finally {
    for (const timer of timers) clearInterval(timer);
    if (server) await stopBenchApp(server);
    await upstream.close();
  }
}

main().then(
  (pass) => process.exit(pass ? 0 : 1),
  (error: unknown) => {
    process.stderr.write(
      `soak test failed to run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
