import type { UpstreamStandIn } from '@/dev/upstream/server';
import { stopBenchApp } from '@/dev/load/app';
import { buildFeed, serveFeed, warmUpstream, type BenchFeed } from '@/dev/load/feed';
import { mergeLoads, type LoadResult } from '@/dev/load/http-load';
import { briefPagePaths } from '@/dev/load/scenarios';
import { int, mb, ms, seconds } from '@/dev/load/stats';
import { largestSpaces, memoryProbe, type HeapReading, type MemoryProbe } from './memory-probe';
import { allOf, atMost, median, verdictText, type PairedVerdict } from './paired';
import { assertClean, issueScenarios, loadPaths, scenarioPaths } from './queries';
import { table } from './report';
import { coldStart, type ColdStart, type Running } from './size-run';
import type { PhaseMemory } from './rss';
import { loadAverage, positiveEnv } from './machine';

// Issue 23, the memory part: the server under the heap a 512 MB container gets, through the cold
// ingest and the query and page load, beside an unlimited server in the same run.
//   BENCH_HEAP_LIMIT_MB=256    --max-old-space-size for the limited server (see LIMIT_WHY)
//   BENCH_HEAP_SIZES=10000     add 50000 for the 50,000 figures (limited server only, ~minutes)
//   BENCH_HEAP_ROUNDS=2, BENCH_HEAP_SECONDS=3   each load, alternating L U U L

export const HEAP_ID = 'heap';
export const LIMIT_WHY =
  "Node sizes V8's heap from the memory it may use (the cgroup's limit in a container): old space = memory ÷ 4 × 2 " +
  "(V8's heap-limit multiplier on 64-bit builds without pointer compression, as Node ships), so a 512 MB container gives about 256 MB; " +
  'the server reports its `heap_size_limit` below to show the flag took effect';

const TARGETS = { latency: 1.2, rss10k: 300, rss50k: 450, growth: 1.5 } as const;

export interface ServerFigures {
  limited: boolean;
  /** False once the process is seen gone (see survivedOf, which the doc uses). */
  survived: boolean;
  /** Why it is gone, or (older results) the first load problem. */
  error: string | null;
  /** Load rounds that failed while the server stayed up (no response in the round, errors). */
  problems?: string[];
  cold: ColdStart | null;
  load: PhaseMemory | null;
  hwm: number;
  heap: HeapReading | null;
}

export interface LoadPair {
  name: string;
  limited: LoadResult | null;
  unlimited: LoadResult | null;
}

export interface HeapSizeResult {
  count: number;
  servers: ServerFigures[];
  loads: LoadPair[];
}

export interface HeapResult {
  date: string;
  limitMb: number;
  loadStart: string;
  loadEnd: string;
  rounds: number;
  secondsPerRound: number;
  sizes: HeapSizeResult[];
}

function loadsOf(feed: BenchFeed): { name: string; paths: string[] }[] {
  return [
    ...issueScenarios(feed).map((s) => ({ name: s.name, paths: scenarioPaths(s) })),
    {
      name: `list page /?severity=high&tag=${feed.tags[0]}`,
      paths: [`/?severity=high&tag=${encodeURIComponent(feed.tags[0]!)}`],
    },
    { name: 'brief pages (100 slugs)', paths: briefPagePaths(feed, 100) },
  ];
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

async function start(
  upstream: UpstreamStandIn,
  count: number,
  probe: MemoryProbe,
  limitMb: number | null,
): Promise<{ running: Running | null; figures: ServerFigures }> {
  const figures: ServerFigures = {
    limited: limitMb !== null,
    survived: true,
    error: null,
    cold: null,
    load: null,
    hwm: NaN,
    heap: null,
  };
  try {
    const running = await coldStart(
      upstream.feedUrl,
      count,
      probe.env(limitMb === null ? undefined : `--max-old-space-size=${limitMb}`),
    );
    figures.cold = running.cold;
    return { running, figures };
  } catch (error) {
    figures.survived = false;
    figures.error = message(error);
    return { running: null, figures };
  }
}

/** How the server ended: its exit, and the line of its output that says why (V8's heap error). */
function crashReason(r: Running): string {
  const p = r.server.app.process;
  const lines = r.server.app.output().split('\n').filter(Boolean);
  const fatal = lines.find((l) => /FATAL ERROR|out of memory|heap limit/i.test(l));
  return `exited (${p.exitCode ?? p.signalCode}): ${(fatal ?? lines.slice(-2).join(' ')).slice(0, 300)}`;
}

const alive = (r: Running | null) =>
  r !== null && r.server.app.process.exitCode === null && r.server.app.process.signalCode === null;

async function finish(r: Running | null, f: ServerFigures, probe: MemoryProbe): Promise<void> {
  if (!r) return;
  try {
    // The sampled peaks hold up to the last sample even when the process has died.
    f.load = r.sampler.endPhase();
    if (!alive(r)) {
      f.survived = false;
      f.error ??= crashReason(r);
      return;
    }
    f.hwm = f.load.hwm;
    f.heap = await probe.read(r.server.pid);
  } finally {
    r.sampler.stop();
    await stopBenchApp(r.server);
  }
}

async function oneSize(
  upstream: UpstreamStandIn,
  count: number,
  limitMb: number,
  withUnlimited: boolean,
  rounds: number,
  secondsPerRound: number,
  log: (m: string) => void,
): Promise<HeapSizeResult> {
  log(`heap: ${int(count)} briefs (load average ${loadAverage()})`);
  const feed = buildFeed(count);
  serveFeed(upstream, feed);
  await warmUpstream(upstream, count);
  const probe = memoryProbe();
  try {
    const limited = await start(upstream, count, probe, limitMb);
    log(
      `heap: limited ${limited.figures.cold ? `served all after ${seconds(limited.figures.cold!.allServedMs)}` : `FAILED: ${limited.figures.error}`}`,
    );
    const unlimited = withUnlimited ? await start(upstream, count, probe, null) : null;
    if (unlimited)
      log(
        `heap: unlimited served all after ${seconds(unlimited.figures.cold?.allServedMs ?? NaN)}`,
      );
    const loads: LoadPair[] = [];
    for (const l of loadsOf(feed)) {
      const sides = [
        { key: 'limited' as const, r: limited.running, f: limited.figures },
        ...(unlimited
          ? [{ key: 'unlimited' as const, r: unlimited.running, f: unlimited.figures }]
          : []),
      ];
      const runs: Record<'limited' | 'unlimited', LoadResult[]> = { limited: [], unlimited: [] };
      for (const s of sides) if (alive(s.r)) await loadPaths(s.r!.server.app.url, l.paths, 1);
      for (let i = 0; i < rounds; i++) {
        for (const s of i % 2 === 0 ? sides : [...sides].reverse()) {
          if (!alive(s.r)) continue;
          try {
            runs[s.key].push(
              assertClean(l.name, await loadPaths(s.r!.server.app.url, l.paths, secondsPerRound)),
            );
          } catch (error) {
            // A round that completed no response (pages slower than the round) or had errors is
            // left out of the figures; only a process that is gone counts as a crash.
            (s.f.problems ??= []).push(`round ${i + 1}: ${message(error)}`);
            if (!alive(s.r)) {
              s.f.survived = false;
              s.f.error ??= `during ${l.name}: ${crashReason(s.r!)}`;
            }
          }
        }
      }
      const merged = (k: 'limited' | 'unlimited') => (runs[k].length ? mergeLoads(runs[k]) : null);
      const pair = { name: l.name, limited: merged('limited'), unlimited: merged('unlimited') };
      loads.push(pair);
      log(
        `heap ${l.name}: p50 ${ms(pair.limited?.latency.p50 ?? NaN)} limited, ${ms(pair.unlimited?.latency.p50 ?? NaN)} unlimited`,
      );
    }
    await finish(limited.running, limited.figures, probe);
    if (unlimited) await finish(unlimited.running, unlimited.figures, probe);
    return {
      count,
      servers: [limited.figures, ...(unlimited ? [unlimited.figures] : [])],
      loads,
    };
  } finally {
    probe.dispose();
  }
}

export async function runHeap(
  upstream: UpstreamStandIn,
  log: (m: string) => void,
): Promise<HeapResult> {
  const loadStart = loadAverage();
  const limitMb = positiveEnv('BENCH_HEAP_LIMIT_MB', 256);
  const rounds = positiveEnv('BENCH_HEAP_ROUNDS', 2);
  const secondsPerRound = positiveEnv('BENCH_HEAP_SECONDS', 3);
  const counts = (process.env.BENCH_HEAP_SIZES ?? '10000')
    .split(',')
    .map((s) => Number(s.trim()))
    .sort((a, b) => a - b);
  if (counts.some((c) => !Number.isInteger(c) || c < 100))
    throw new Error('BENCH_HEAP_SIZES must be whole numbers >= 100, comma-separated');
  const sizes: HeapSizeResult[] = [];
  for (const [i, count] of counts.entries())
    // The latency comparison at the first size; beyond it only the limited server (its memory).
    sizes.push(
      await oneSize(upstream, count, limitMb, i === 0, rounds, i === 0 ? secondsPerRound : 2, log),
    );
  return {
    date: new Date().toISOString(),
    limitMb,
    loadStart,
    loadEnd: loadAverage(),
    rounds,
    secondsPerRound,
    sizes,
  };
}

/** Up through the cold ingest and every load: it still answered the heap probe at the end. */
export const survivedOf = (f: ServerFigures) => f.cold !== null && f.heap !== null;

/** The peak RSS known: VmHWM at the end, or (a server that died) the highest seen before. */
export function peakOf(f: ServerFigures): number {
  const known = [f.hwm, f.cold?.ingestMemory.hwm, f.load?.rss].filter(
    (v): v is number => typeof v === 'number' && Number.isFinite(v),
  );
  return known.length ? Math.max(...known) : NaN;
}

function survivalText(f: ServerFigures): string {
  if (!survivedOf(f)) return `crashed (${f.error ?? 'not run'})`;
  const problems = f.problems ?? (f.error ? [f.error] : []);
  return problems.length ? `survived (load rounds left out: ${problems.join('; ')})` : 'survived';
}

export interface HeapCheck {
  name: string;
  measured: string;
  target: string;
  verdict: PairedVerdict;
}

const limitedOf = (s: HeapSizeResult) => s.servers.find((x) => x.limited);
const MiB = 1024 * 1024;

export function heapChecks(r: HeapResult): HeapCheck[] {
  const checks: HeapCheck[] = [];
  const at = (n: number) => r.sizes.find((s) => s.count === n);
  for (const s of r.sizes) {
    const l = limitedOf(s);
    checks.push({
      name: `${int(s.count)}: the limited server survives the cold ingest and the load`,
      measured: l ? (survivedOf(l) ? 'survived' : survivalText(l)) : 'not run',
      target: 'no crash',
      verdict: l ? (survivedOf(l) ? 'holds' : 'missed') : 'not measured',
    });
  }
  const first = r.sizes[0];
  if (first?.servers.length === 2) {
    const all = first.loads.flatMap((p) =>
      p.limited && p.unlimited
        ? [
            p.limited.latency.p50 / p.unlimited.latency.p50,
            p.limited.latency.p99 / p.unlimited.latency.p99,
          ]
        : [NaN],
    );
    const worst = Math.max(...all);
    const mid = median(all.filter(Number.isFinite));
    checks.push({
      name: `${int(first.count)}: latency limited ÷ unlimited, worst p50 or p99 of the loads (their median in brackets)`,
      measured: Number.isFinite(worst) ? `${worst.toFixed(2)}× (${mid.toFixed(2)}×)` : 'n/a',
      target: `≤ ${TARGETS.latency}×`,
      verdict: atMost(worst, TARGETS.latency),
    });
  }
  for (const [n, cap] of [
    [10_000, TARGETS.rss10k],
    [50_000, TARGETS.rss50k],
  ] as const) {
    const l = at(n) && limitedOf(at(n)!);
    const peak = l ? peakOf(l) : NaN;
    checks.push({
      name: `${int(n)}: peak RSS of the limited server (VmHWM)`,
      measured: !l ? 'not run' : survivedOf(l) ? mb(peak) : `≥ ${mb(peak)} (before it crashed)`,
      target: `≤ ${cap} MB`,
      // A server that died has a lower bound only: above the cap it is a miss all the same.
      verdict:
        !l || !Number.isFinite(peak)
          ? 'not measured'
          : survivedOf(l) || peak > cap * MiB
            ? atMost(peak / MiB, cap)
            : 'not measured',
    });
  }
  const l10 = at(10_000) && limitedOf(at(10_000)!);
  const l50 = at(50_000) && limitedOf(at(50_000)!);
  const growth = l10 && l50 ? peakOf(l50) / peakOf(l10) : NaN;
  const bound = l50 && !survivedOf(l50);
  checks.push({
    name: 'peak RSS 50,000 ÷ 10,000, limited',
    measured: Number.isFinite(growth) ? `${bound ? '≥ ' : ''}${growth.toFixed(2)}×` : 'not run',
    target: `< ${TARGETS.growth}×`,
    verdict: !Number.isFinite(growth)
      ? 'not measured'
      : growth >= TARGETS.growth
        ? 'missed'
        : bound
          ? 'not measured'
          : 'holds',
  });
  return checks;
}

function memoryTable(r: HeapResult): string {
  const cols = r.sizes.flatMap((s) => s.servers.map((f) => ({ s, f })));
  const cell = (g: (f: ServerFigures) => string) => cols.map(({ f }) => g(f));
  const h = (f: ServerFigures) => f.heap;
  const rows: string[][] = [
    ['survived', ...cell((f) => survivalText(f))],
    [
      'V8 heap_size_limit (from the server)',
      ...cell((f) => (h(f) ? mb(h(f)!.afterGc.heapSizeLimit) : '—')),
    ],
    ['spawn → every brief served', ...cell((f) => (f.cold ? seconds(f.cold.allServedMs) : '—'))],
    ['VmHWM after ingest', ...cell((f) => (f.cold ? mb(f.cold.ingestMemory.hwm) : '—'))],
    [
      'peak RSS since spawn (VmHWM after the load; sampled, if it died)',
      ...cell((f) => (survivedOf(f) ? mb(f.hwm) : `≥ ${mb(peakOf(f))}`)),
    ],
    [
      'sampled peak RssAnon / RssFile, ingest',
      ...cell((f) =>
        f.cold ? `${mb(f.cold.ingestMemory.anon)} / ${mb(f.cold.ingestMemory.file)}` : '—',
      ),
    ],
    [
      'sampled peak RssAnon / RssFile, load',
      ...cell((f) => (f.load ? `${mb(f.load.anon)} / ${mb(f.load.file)}` : '—')),
    ],
    [
      'after the load: V8 heap used / total',
      ...cell((f) => (h(f) ? `${mb(h(f)!.before.heapUsed)} / ${mb(h(f)!.before.heapTotal)}` : '—')),
    ],
    [
      'after a full GC: V8 heap used (live)',
      ...cell((f) => (h(f) ? mb(h(f)!.afterGc.heapUsed) : '—')),
    ],
    [
      'after a full GC: largest heap spaces',
      ...cell((f) => (h(f) ? largestSpaces(h(f)!.afterGc) : '—')),
    ],
    [
      'after a full GC: external / of which ArrayBuffers',
      ...cell((f) =>
        h(f) ? `${mb(h(f)!.afterGc.external)} / ${mb(h(f)!.afterGc.arrayBuffers)}` : '—',
      ),
    ],
    [
      'after a full GC: RSS = RssAnon + RssFile',
      ...cell((f) =>
        h(f) ? `${mb(h(f)!.afterGc.rss)} = ${mb(h(f)!.anon)} + ${mb(h(f)!.file)}` : '—',
      ),
    ],
  ];
  return table(
    [
      'Figure',
      ...cols.map(
        ({ s, f }) => `${int(s.count)}, ${f.limited ? `limited (${r.limitMb} MB)` : 'unlimited'}`,
      ),
    ],
    rows,
    ['l', ...cols.map(() => 'r' as const)],
  );
}

function latencyTable(s: HeapSizeResult): string {
  const cells = (x: LoadResult | null) =>
    x ? [int(x.rps), ms(x.latency.p50), ms(x.latency.p99)] : ['—', '—', '—'];
  const ratio = (a: number | undefined, b: number | undefined) =>
    a !== undefined && b !== undefined ? `${(a / b).toFixed(2)}×` : '—';
  return table(
    [
      'Load, 10 connections',
      'limited req/s',
      'p50',
      'p99',
      'unlimited req/s',
      'p50',
      'p99',
      'p50 ratio',
      'p99 ratio',
    ],
    s.loads.map((p) => [
      p.name,
      ...cells(p.limited),
      ...cells(p.unlimited),
      ratio(p.limited?.latency.p50, p.unlimited?.latency.p50),
      ratio(p.limited?.latency.p99, p.unlimited?.latency.p99),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

/** What the breakdown shows for the limited server at each size: heap, ArrayBuffers, store pages. */
export function heapFindings(r: HeapResult): string[] {
  return r.sizes.flatMap((s) => {
    const l = limitedOf(s);
    if (l && !survivedOf(l) && l.cold)
      return [
        `${int(s.count)}, limited: ${l.error ?? 'crashed'}. Before that: VmHWM ${mb(l.cold.ingestMemory.hwm)} after the ingest (sampled peak RssAnon ${mb(l.cold.ingestMemory.anon)}, RssFile ${mb(l.cold.ingestMemory.file)})${l.load ? `, sampled peak during the load ${mb(l.load.rss)} (RssAnon ${mb(l.load.anon)}, RssFile ${mb(l.load.file)})` : ''}.`,
      ];
    if (!l?.heap || !l.load) return [];
    const a = l.heap.afterGc;
    const heapShare = a.heapTotal;
    return [
      `${int(s.count)}, limited: peak ${mb(l.hwm)}; at the load's sampled peak RssAnon ${mb(l.load.anon)} and RssFile ${mb(l.load.file)} (the brief store's mapped pages and the code). ` +
        `After a full GC the V8 heap holds ${mb(a.heapUsed)} live in ${mb(heapShare)} reserved (${largestSpaces(a)}), ` +
        `off the heap ${mb(a.external)} external of which ${mb(a.arrayBuffers)} ArrayBuffers (typed arrays and buffers outside the V8 heap); ` +
        `the rest of RssAnon (${mb(Math.max(0, l.heap.anon - heapShare - a.external))}) is native memory V8 does not account for (malloc arenas, native modules, thread stacks).`,
    ];
  });
}

export function heapMarkdown(r: HeapResult, command: string): string {
  const checks = heapChecks(r);
  const first = r.sizes[0];
  const notRun = r.sizes.some((s) => s.count === 50_000)
    ? []
    : [
        '- 50,000 not run in this section (`BENCH_HEAP_SIZES=10000,50000` adds it, several minutes more): its targets are not measured.',
      ];
  return [
    `## Issue 23: under a 512 MB container's heap (--max-old-space-size=${r.limitMb})`,
    '',
    `- Date: ${r.date}; command: \`${command}\`; load average (1/5/15 min) at the start ${r.loadStart}, at the end ${r.loadEnd}`,
    `- Heap limit ${r.limitMb} MB (\`NODE_OPTIONS=--max-old-space-size=${r.limitMb}\` for the server process): ${LIMIT_WHY}`,
    `- At ${first ? int(first.count) : '—'} briefs a limited and an unlimited server, each from a cold ingest on an empty \`CACHE_DIR\`, then both up: the query scenarios, the list page and 100 brief pages, each ${r.rounds} rounds of ${r.secondsPerRound} s a server at 10 connections, alternating (L U U L), merged; at larger sizes the limited server only, 2 s a load. Memory figures are robust; latencies are noisy on 2 shared CPUs (a test run may go on beside), so a ratio near 1.2 is within noise`,
    '',
    table(
      ['Target', 'Measured', 'Target', 'Verdict'],
      checks.map((c) => [c.name, c.measured, c.target, verdictText(c.verdict)]),
      ['l', 'r', 'r', 'l'],
    ),
    ...notRun,
    '',
    memoryTable(r),
    '',
    ...(first && first.servers.length === 2 ? [latencyTable(first), ''] : []),
    `${checks.filter((c) => c.verdict === 'holds').length} hold, ${checks.filter((c) => c.verdict === 'missed').length} missed, ${checks.filter((c) => c.verdict === 'not measured').length} not measured; overall ${verdictText(allOf(checks.map((c) => c.verdict)))}.`,
    '',
    ...heapFindings(r).map((f) => `- ${f}`),
  ].join('\n');
}
