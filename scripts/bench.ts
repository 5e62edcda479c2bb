import { rmSync } from 'node:fs';
import os from 'node:os';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';
import { buildsUsed, ensureBuild, liveBenchApps, stopBenchApp } from '@/dev/load/app';
import { buildFeed, serveFeed, warmUpstream, type BenchFeed } from '@/dev/load/feed';
import { seconds } from '@/dev/load/stats';
import { buildChecks, type MainResult, type SizeResult } from './bench/checks';
import { htmlBreakdown, type HtmlBreakdown } from './bench/html-breakdown';
import {
  profileColdStart,
  profileRestart,
  type ColdProfiles,
  type NamedProfile,
} from './bench/miss-profiles';
import { measurePages } from './bench/pages';
import { issueScenarios, runBaselines, runScenarios, scenarioPaths } from './bench/queries';
import { machineInfo } from './bench/report';
import { commit, loadResults, saveResults, writeDoc, type RunResults } from './bench/results';
import { coldStart, measureSizes, restartFromStore } from './bench/size-run';
import { guardEnabled, regressionGuard, writeGuardDoc } from './bench/guard-run';
import type { GuardResult } from './bench/guard';
import { onlyArg, runSections, SECTION_IDS, writeSections } from './bench/sections';
import { loadAverage } from './bench/machine';

// npm run bench [-- --quick]: issue 12's figures on the production build against synthetic feeds
// served by the upstream stand-in, one fresh server per size; writes docs/benchmarks.md.
//   BENCH_SIZES=1000,10000,50000  the feed sizes (default; --quick is 1000,10000)
//   BENCH_QUERY_SECONDS=5         each query scenario's measured run
//   BENCH_PROFILE=0               skip the profiles of the missed targets
// --render writes docs/benchmarks.md again from the last run's .bench/results.json, measuring nothing.
// Then the regression guard (scripts/bench/guard-run.ts): the same figures beside the baseline
// release, as ratios. --guard runs only the guard (1,000 briefs) and rewrites only its section.
// Then the sections of issues 21-23 (scripts/bench/sections.ts: indicators, epss, heap);
// --only indicators,epss,heap runs only those and rewrites only their sections (with --render,
// from their saved results, measuring nothing).

const QUICK = process.argv.includes('--quick');
const GUARD_ONLY = process.argv.includes('--guard');
const ONLY = onlyArg(process.argv);
const SIZES = (process.env.BENCH_SIZES ?? (QUICK ? '1000,10000' : '1000,10000,50000'))
  .split(',')
  .map((s) => Number(s.trim()))
  .sort((a, b) => a - b);
if (SIZES.length === 0 || SIZES.some((s) => !Number.isInteger(s) || s < 100))
  throw new Error(
    `BENCH_SIZES must be whole numbers >= 100, comma-separated: ${process.env.BENCH_SIZES}`,
  );
const QUERY_SECONDS = Number(process.env.BENCH_QUERY_SECONDS ?? 5);
if (!(QUERY_SECONDS >= 1)) throw new Error('BENCH_QUERY_SECONDS must be at least 1');
const PROFILE = process.env.BENCH_PROFILE !== '0';
/** The size the baselines, pages and profiles run at: the issue's 10,000 when it is run. */
const MAIN = SIZES.includes(10_000) ? 10_000 : SIZES[SIZES.length - 1]!;
const COMMAND = [
  process.env.BENCH_SIZES ? `BENCH_SIZES=${process.env.BENCH_SIZES} ` : '',
  process.env.BENCH_QUERY_SECONDS ? `BENCH_QUERY_SECONDS=${QUERY_SECONDS} ` : '',
  'npm run bench',
  QUICK ? ' -- --quick' : '',
  GUARD_ONLY ? ' -- --guard' : '',
  ONLY ? ` -- --only ${ONLY.join(',')}` : '',
].join('');

const started = performance.now();
function log(message: string): void {
  const s = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[bench ${s} s] ${message}\n`);
}

async function oneSize(
  upstream: UpstreamStandIn,
  feed: BenchFeed,
): Promise<{ size: SizeResult; main: MainResult | null; html: HtmlBreakdown | null }> {
  const { count } = feed;
  const label = count.toLocaleString('en-US');
  const running = await coldStart(upstream.feedUrl, count);
  const { server, sampler, cold } = running;
  log(
    `${label}: first 100 after ${seconds(cold.first100Ms)}, all after ${seconds(cold.allServedMs)}`,
  );
  let main: MainResult | null = null;
  let html: HtmlBreakdown | null = null;
  let size: Omit<SizeResult, 'restart'>;
  try {
    const sizes = await measureSizes(server.app.url, count);
    const queries = await runScenarios(server.app.url, issueScenarios(feed), QUERY_SECONDS, log);
    const loadMemory = sampler.endPhase();
    size = { count, cold, loadMemory, queries, sizes };
    if (count === MAIN) {
      log(`${label}: framework floor and nginx`);
      const baselines = await runBaselines(server.app.url, feed);
      log(`${label}: pages and client`);
      const pages = await measurePages(server.app.url, feed);
      if (pages.lcpError) log(`LCP not measured: ${pages.lcpError}`);
      main = { count, baselines, pages };
      html = htmlBreakdown(await (await fetch(`${server.app.url}/`)).text());
    }
  } finally {
    sampler.stop();
    await stopBenchApp(server, { keepCache: true });
  }
  let restart: SizeResult['restart'];
  try {
    const restarted = await restartFromStore(upstream, server.cacheDir, count);
    restart = restarted.restart;
    await stopBenchApp(restarted.server);
  } finally {
    rmSync(server.cacheDir, { recursive: true, force: true });
  }
  log(
    `${label}: restart served all after ${seconds(restart.allServedMs)}, ${restart.normalizedItems} normalised`,
  );
  return { size: { ...size, restart }, main, html };
}

/** --guard: only the regression guard, written into its section of docs/benchmarks.md. */
async function guardOnly(): Promise<void> {
  const build = await ensureBuild();
  if (build.built) log(`built (${build.reason})`);
  const upstream = await startUpstream();
  try {
    const result = await regressionGuard(upstream, 1000, PROFILE, log);
    const missed = await writeGuardDoc(COMMAND, result);
    log(`guard: wrote its section of docs/benchmarks.md (${missed} figure(s) missed)`);
  } finally {
    await upstream.close();
  }
}

/** --only: those sections of issues 21-23, each written into its own section of the doc. */
async function sectionsOnly(ids: string[]): Promise<void> {
  const build = await ensureBuild();
  if (build.built) log(`built (${build.reason})`);
  const upstream = await startUpstream();
  let failed: string[];
  try {
    failed = await runSections(ids, upstream, COMMAND, log);
  } finally {
    await upstream.close();
  }
  const ran = ids.filter((id) => !failed.some((f) => f.startsWith(`section ${id} `)));
  const written = await writeSections(ran);
  log(
    `wrote ${written} section(s) of docs/benchmarks.md in ${seconds(performance.now() - started)}`,
  );
  if (failed.length > 0) throw new Error(failed.join('\n'));
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const build = await ensureBuild();
  if (build.built) log(`built (${build.reason})`);
  const upstream = await startUpstream();
  let guard: GuardResult | null = null;
  const sizes: SizeResult[] = [];
  let mainResult: MainResult | null = null;
  let html: HtmlBreakdown | null = null;
  let coldProfiles: ColdProfiles | null = null;
  let restartProfile: NamedProfile | null = null;
  const failed: string[] = [];
  try {
    for (const count of SIZES) {
      log(`${count.toLocaleString('en-US')}: generating the feed (load average ${loadAverage()})`);
      const feed = buildFeed(count);
      serveFeed(upstream, feed);
      await warmUpstream(upstream, count);
      let r: Awaited<ReturnType<typeof oneSize>>;
      try {
        r = await oneSize(upstream, feed);
      } catch (error) {
        // Loud: the run exits 1, and the doc says which size failed and why.
        failed.push(
          `${count.toLocaleString('en-US')} briefs FAILED: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        );
        log(
          `${count}: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        continue;
      }
      sizes.push(r.size);
      if (r.main) ({ main: mainResult, html } = r);
      // Profile the misses at the main size while its feed is served (later sizes reuse the findings).
      if (count === MAIN && PROFILE) {
        const missed = buildChecks(sizes, mainResult).filter((c) => c.verdict === 'missed');
        const areas = new Set(missed.map((c) => c.area));
        if (areas.size > 0) {
          const queryMisses = missed.filter((c) => c.area === 'query').map((c) => c.name);
          const loads = issueScenarios(feed).filter((s) =>
            queryMisses.some((m) => m.endsWith(s.name)),
          );
          const extra = areas.has('floor')
            ? [{ label: 'same URL', paths: [scenarioPaths(issueScenarios(feed)[0]!)[0]!] }]
            : [];
          log(`profiling the misses at ${count} (${[...areas].join(', ')})`);
          try {
            coldProfiles = await profileColdStart(upstream, count, loads, extra);
            try {
              restartProfile = await profileRestart(upstream, coldProfiles.cacheDir, count);
            } finally {
              rmSync(coldProfiles.cacheDir, { recursive: true, force: true });
            }
          } catch (error) {
            failed.push(`profiling the misses FAILED: ${String(error).split('\n')[0]}`);
            log(
              `profiling failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
            );
          }
        }
      }
    }
    if (guardEnabled()) {
      log('regression guard: the baseline release beside this tree');
      try {
        guard = await regressionGuard(upstream, MAIN, PROFILE, log);
      } catch (error) {
        failed.push(`the regression guard FAILED: ${String(error).split('\n')[0]}`);
        log(
          `guard failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
    }
    failed.push(...(await runSections(SECTION_IDS, upstream, COMMAND, log)));
  } finally {
    await upstream.close();
  }

  const header = [
    machineInfo(COMMAND),
    `- Commit: ${commit()}`,
    `- Load average (1/5/15 min) at the start ${loadAtStart}, at the end ${loadAverage()}: other work shares the ${os.availableParallelism()} CPUs, so the figures are noisy (one run per size)`,
    `- Feeds: ${SIZES.map((s) => s.toLocaleString('en-US')).join(', ')} synthetic briefs (\`dev/synth/\`, seed 1: 300 vendors, 1,000 products, 2,000 tags, 3-8 kB \`content_html\`), 100 a page with \`next_url\`, and a 30-day STIX bundle, from the upstream stand-in (\`dev/upstream/server.ts\`) in the bench process`,
    `- Server: the production build (\`next start\`), \`ATTACK_URL=off\`, \`FEED_REFRESH_SECONDS=3600\`, a temp \`CACHE_DIR\`${build.built ? ` (built by this run: ${build.reason})` : ''}${buildsUsed.size > 1 ? `; the tree was rebuilt during the run (builds ${[...buildsUsed].join(', ')})` : ''}`,
    `- Load: autocannon, 10 connections, ${QUERY_SECONDS} s a scenario; percentiles from exact per-response times`,
    `- Profiles: on separate self-profiling servers (0.5 ms sampling), so no figure in the tables comes from them`,
    `- Whole run: ${seconds(performance.now() - started)}`,
  ];
  const run: RunResults = {
    failed,
    sizesRun: SIZES,
    header,
    sizes,
    main: mainResult,
    coldProfiles,
    restartProfile,
    html,
  };
  saveResults(run);
  const missed = await writeDoc(run);
  const guardMissed = await writeGuardDoc(COMMAND, guard);
  await writeSections();
  log(
    `done in ${seconds(performance.now() - started)}; wrote docs/benchmarks.md (${missed} target(s) missed, ${guardMissed} figure(s) more than 15% worse than the baseline)`,
  );
  if (failed.length > 0) throw new Error(failed.join('\n'));
}

/** Kills every server still running and deletes its cache: on failure and on Ctrl-C alike. */
async function cleanUp(): Promise<void> {
  for (const app of [...liveBenchApps]) await stopBenchApp(app).catch(() => undefined);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    log(`${signal}: stopping the servers`);
    void cleanUp().finally(() => process.exit(130));
  });

const RENDER = process.argv.includes('--render');
(RENDER && ONLY
  ? // Only those sections, from their saved results (.bench/<id>.json).
    writeSections(ONLY).then((n) => log(`wrote ${n} section(s) of docs/benchmarks.md`))
  : RENDER
    ? writeDoc(loadResults()).then(async (missed) => {
        await writeGuardDoc(COMMAND);
        await writeSections();
        log(`wrote docs/benchmarks.md (${missed} target(s) missed)`);
      })
    : ONLY
      ? sectionsOnly(ONLY)
      : GUARD_ONLY
        ? guardOnly()
        : main()
).then(
  async () => {
    await cleanUp();
    process.exit(0);
  },
  async (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await cleanUp();
    process.exit(1);
  },
);
