import {
  ensureBuild,
  getStatus,
  startBenchApp,
  stopBenchApp,
  watchIngest,
  type BenchApp,
} from '@/dev/load/app';
import { buildFeed, publishSeries, serveFeed, startFeedUpstream } from '@/dev/load/feed';
import { runLoad, type LoadResult } from '@/dev/load/http-load';
import { trafficMix } from '@/dev/load/mix';
import {
  categoryTable,
  formatCounts,
  LOAD_ALIGN,
  LOAD_HEADER,
  loadRow,
  upstreamFirstPages,
  watchStatus,
  writeReliability,
} from './bench/reliability';
import { machineInfo, table } from './bench/report';
import { int, seconds } from '@/dev/load/stats';

// npm run load: the production build under mixed traffic (list pages with filters, brief pages,
// the JSON API, intended 404s) while the feed refreshes every 2 s, while new briefs are
// published (a refresh re-ingests under load) and, from halfway, while the upstream answers
// HTTP 500. Passes only with no status other than 2xx/3xx (404 where intended) and no errors.
//   LOAD_SECONDS=60  LOAD_CONNECTIONS=16  LOAD_BRIEFS=2000

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 16);
const BRIEFS = Number(process.env.LOAD_BRIEFS ?? 2_000);
const REFRESH_SECONDS = 2;
const COMMAND = 'npm run load';

function log(message: string): void {
  process.stderr.write(`[load] ${message}\n`);
}

interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

async function main(): Promise<boolean> {
  const build = await ensureBuild();
  if (build.built) log(`built (${build.reason})`);
  const feed = buildFeed(BRIEFS);
  const {
    versions: [, next],
    stableSlugs,
  } = publishSeries(feed, 100, 1);
  if (!next) throw new Error('no second feed version');
  const upstream = await startFeedUpstream(feed);
  let server: BenchApp | null = null;
  try {
    server = await startBenchApp(upstream.feedUrl, {
      FEED_REFRESH_SECONDS: String(REFRESH_SECONDS),
    });
    const ingest = await watchIngest(server, BRIEFS);
    log(`${BRIEFS} briefs served after ${seconds(ingest.servedMs)}`);
    const { url } = server.app;
    const targets = trafficMix(feed, stableSlugs);
    const load = (durationSec: number) =>
      runLoad({ url, targets, connections: CONNECTIONS, durationSec });

    await load(3); // warm-up, not reported
    const watch = watchStatus(url);
    const phases: [string, LoadResult, Record<string, number>][] = [];
    const runPhase = async (name: string, durationSec: number) => {
      const from = upstream.log.length;
      log(`${name} (${durationSec} s)`);
      const result = await load(durationSec);
      phases.push([name, result, upstreamFirstPages(upstream, from)]);
      return result;
    };

    await runPhase(
      `steady: refresh every ${REFRESH_SECONDS} s (pages revalidate with 304)`,
      Math.round(SECONDS / 4),
    );
    serveFeed(upstream, next);
    const publishedAt = Date.now();
    await runPhase('new briefs published: refreshes re-ingest under load', Math.round(SECONDS / 4));
    const newSlug = next.slugs[0] ?? '';
    const newBriefStatus = (await fetch(`${url}/api/briefs/${newSlug}`)).status;
    const statusBeforeFault = await getStatus(url);
    upstream.fault('http500');
    await runPhase(
      'upstream failing: HTTP 500 on every request',
      SECONDS - 2 * Math.round(SECONDS / 4),
    );
    const statusLog = await watch.stop();
    const statusDuringFault = await getStatus(url);

    upstream.fault(null);
    const healStart = Date.now();
    let recoveredMs = NaN;
    while (Date.now() - healStart < 30_000) {
      const s = await getStatus(url);
      if (s.ok && s.upstream.lastError === null) {
        recoveredMs = Date.now() - healStart;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }

    const results = phases.map(([, r]) => r);
    const total = {
      requests: results.reduce((n, r) => n + r.requests, 0),
      unexpected: results.reduce((n, r) => n + r.unexpected, 0),
      errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
      samples: results.flatMap((r) => r.unexpectedSamples).slice(0, 10),
      intended404: results.reduce(
        (n, r) => n + (r.byCategory['intended 404']?.statuses['404'] ?? 0),
        0,
      ),
    };
    const successesAfterPublish = statusLog.successes.filter((s) => Date.parse(s) >= publishedAt);
    const checks: Check[] = [
      {
        name: 'No status outside 2xx/3xx except the intended 404s',
        pass: total.unexpected === 0,
        detail: total.unexpected
          ? `${total.unexpected} unexpected: ${total.samples.join(', ')}`
          : `0 of ${int(total.requests)}`,
      },
      {
        name: 'No connection errors or timeouts',
        pass: total.errors === 0,
        detail: String(total.errors),
      },
      {
        name: 'Intended 404 paths answered 404',
        pass: total.intended404 > 0,
        detail: `${int(total.intended404)} × 404`,
      },
      {
        name: '/api/status answered 200 throughout (polled every 0.5 s)',
        pass: statusLog.failures.length === 0,
        detail: `${statusLog.polls} polls, ${statusLog.failures.length} failures ${statusLog.failures.slice(0, 3).join('; ')}`,
      },
      {
        name: 'Refreshes ran during the load',
        pass: statusLog.successes.length >= 2,
        detail: `${statusLog.successes.length} successful refreshes seen; refreshing in ${statusLog.sawRefreshing} of ${statusLog.polls} polls`,
      },
      {
        name: 'The new briefs were served before the upstream failed, none lost',
        pass:
          newBriefStatus === 200 &&
          successesAfterPublish.length > 0 &&
          statusBeforeFault.briefs === next.slugs.length,
        detail: `/api/briefs/${newSlug} → ${newBriefStatus}; ${successesAfterPublish.length} refreshes after publishing; ${statusBeforeFault.briefs} of ${next.slugs.length} briefs`,
      },
      {
        name: 'While failing: last good data kept, error reported',
        pass:
          statusDuringFault.source === 'upstream' &&
          statusDuringFault.briefs === statusBeforeFault.briefs &&
          statusDuringFault.upstream.lastError !== null &&
          statusDuringFault.stale,
        detail: `source ${statusDuringFault.source}, ${statusDuringFault.briefs} briefs, stale ${statusDuringFault.stale}, lastError "${statusDuringFault.upstream.lastError ?? ''}"`,
      },
      {
        name: 'Recovered after the upstream healed',
        pass: Number.isFinite(recoveredMs),
        detail: Number.isFinite(recoveredMs)
          ? `ok again after ${seconds(recoveredMs)}`
          : 'not within 30 s',
      },
    ];
    const pass = checks.every((c) => c.pass);

    const body = [
      `## Load test (\`${COMMAND}\`): ${pass ? 'PASS' : '**FAIL**'}`,
      '',
      machineInfo(COMMAND),
      `- Production build (\`next start\`), ${int(BRIEFS)} synthetic briefs from the upstream stand-in, \`FEED_REFRESH_SECONDS=${REFRESH_SECONDS}\`; autocannon, ${CONNECTIONS} connections, ${SECONDS} s after a 3 s warm-up, cycling through ${targets.length} URLs: list pages with filters 30%, brief pages 25%, list API 25%, brief API 10%, status API 5%, intended 404s (page and API) 5%`,
      '- Phases: steady; 100 new briefs published (every page shifts, new STIX bundle: a refresh re-ingests under load); from halfway the upstream answers HTTP 500 to everything; afterwards it heals',
      '',
      table(LOAD_HEADER, [...phases.map(([name, r]) => loadRow(name, r))], LOAD_ALIGN),
      '',
      'Upstream `/feed.json` answers per phase (each refresh starts there; a failing fetch is tried 3 times): ' +
        phases
          .map(([name, , counts]) => `${name.split(':')[0]}: ${formatCounts(counts)}`)
          .join('; '),
      '',
      categoryTable(results),
      '',
      table(
        ['Check', 'Result', 'Detail'],
        checks.map((c) => [c.name, c.pass ? 'pass' : '**FAIL**', c.detail]),
      ),
      '',
      `Throughput while the upstream fails is ${(results[2]!.rps / results[0]!.rps).toFixed(1)}× the steady phase's. A steady refresh whose pages all answer 304 ` +
        `keeps the served index and skips the snapshot rewrite (lib/serving/served-feed.ts), but still fetches every page; a failing one ends at the first page. ` +
        `With a ${REFRESH_SECONDS} s interval a refresh is under way in ${statusLog.sawRefreshing} of ${statusLog.polls} status polls.`,
    ].join('\n');
    writeReliability('load', body);
    process.stdout.write(`\n${body}\n`);
    log(pass ? 'PASS; wrote docs/reliability.md' : 'FAIL; wrote docs/reliability.md');
    return pass;
  } finally {
    if (server) await stopBenchApp(server);
    await upstream.close();
  }
}

main().then(
  (pass) => process.exit(pass ? 0 : 1),
  (error: unknown) => {
    process.stderr.write(
      `load test failed to run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
