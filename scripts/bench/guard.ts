import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import type { UpstreamStandIn } from '@/dev/upstream/server';
import { ROOT, stopBenchApp } from '@/dev/load/app';
import type { BenchFeed } from '@/dev/load/feed';
import { FLOOR_PATH, startFrameworkFloor } from '@/dev/load/framework-floor';
import { mergeLoads, type LoadResult } from '@/dev/load/http-load';
import { cpuMs, findListeningPid } from '@/dev/load/proc';
import { typicalQuery } from '@/dev/load/scenarios';
import { seconds } from '@/dev/load/stats';
import type { BaselineBuild } from './baseline';
import { profileColdStart, type NamedProfile } from './miss-profiles';
import { profileMarkdown } from './profile';
import { assertClean, issueScenarios, loadPaths, scenarioPaths } from './queries';
import { compare, formatComparison, interleave, type Better, type Comparison } from './regression';
import { table } from './report';
import { coldStart, type Running } from './size-run';
import { startNginx } from './nginx';

// The regression guard: the working tree's build and the baseline release's, on the same feed,
// measured in alternating rounds (A B B A ...) so a burst of other work on the shared machine hits
// both alike. Every figure is reported as a ratio to the baseline; one more than 15% worse is a
// miss, named, with a profile of the working tree's server under the same load.

export interface GuardOptions {
  count: number;
  /** Cold starts per side. */
  coldRounds: number;
  /** Load rounds per side and figure, and their length. */
  rounds: number;
  secondsPerRound: number;
  profile: boolean;
}

export interface GuardFigure {
  name: string;
  unit: 'req/s' | 'ms' | 'MB' | 'cpu';
  better: Better;
  current: number;
  baseline: number;
  /** The minimal Next.js app and nginx on the same bytes (the cached /api/briefs answer). */
  floor?: number;
  nginx?: number;
  comparison: Comparison;
}

export interface GuardResult {
  date: string;
  baseline: Pick<BaselineBuild, 'ref' | 'why' | 'sha' | 'steps'>;
  options: GuardOptions;
  figures: GuardFigure[];
  profiles: NamedProfile[];
  notes: string[];
}

type Side = 'current' | 'baseline';
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};

function figure(
  name: string,
  unit: GuardFigure['unit'],
  better: Better,
  current: number,
  baseline: number,
  extra: Partial<Pick<GuardFigure, 'floor' | 'nginx'>> = {},
): GuardFigure {
  return {
    name,
    unit,
    better,
    current,
    baseline,
    ...extra,
    comparison: compare(current, baseline, better),
  };
}

/**
 * A load's result, failing on errors and unexpected statuses; one with no response inside its
 * rounds (a page slower than a round on a saturated machine) is a figure not measured.
 */
function clean(name: string, r: LoadResult): LoadResult {
  if (r.requests === 0 && !r.errors && !r.unexpected && !r.timeouts)
    return { ...r, rps: NaN, latency: { ...r.latency, p50: NaN } };
  return assertClean(name, r);
}

interface LoadFigure {
  name: string;
  paths: string[];
}

export async function runGuard(
  upstream: UpstreamStandIn,
  feed: BenchFeed,
  baseline: BaselineBuild,
  opts: GuardOptions,
  log: (m: string) => void,
): Promise<GuardResult> {
  const { count } = feed;
  const dirOf = (side: Side) => (side === 'baseline' ? baseline.dir : undefined);
  const live: Partial<Record<Side, Running>> = {};
  const cold: Record<Side, { first100: number[]; all: number[]; hwm: number[]; cpu: number[] }> = {
    current: { first100: [], all: [], hwm: [], cpu: [] },
    baseline: { first100: [], all: [], hwm: [], cpu: [] },
  };
  const stopAll = async () => {
    for (const r of Object.values(live)) {
      r.sampler.stop();
      await stopBenchApp(r.server);
    }
  };
  const figures: GuardFigure[] = [];
  let floorRps = NaN;
  let nginxRps = NaN;
  let floorCpuPerRequest = NaN;
  try {
    // Cold starts, alternating; the last server of each side stays up for the load figures.
    for (const side of interleave<Side>('current', 'baseline', opts.coldRounds)) {
      const previous = live[side];
      if (previous) {
        previous.sampler.stop();
        await stopBenchApp(previous.server);
      }
      const running = await coldStart(upstream.feedUrl, count, {}, dirOf(side));
      live[side] = running;
      cold[side].first100.push(running.cold.first100Ms);
      cold[side].all.push(running.cold.allServedMs);
      cold[side].hwm.push(running.cold.ingestMemory.hwm / 1024 / 1024);
      // CPU time is what a busy shared machine does not distort: the server's own work.
      cold[side].cpu.push(cpuMs(running.server.pid));
      log(
        `guard: ${side} cold start, all ${count} served after ${seconds(running.cold.allServedMs)}`,
      );
    }
    const url = (side: Side) => live[side]!.server.app.url;
    const c = cold.current;
    const b = cold.baseline;
    figures.push(
      figure(
        `spawn → first 100 served (${count.toLocaleString('en-US')})`,
        'ms',
        'lower',
        median(c.first100),
        median(b.first100),
      ),
      figure(
        `spawn → all ${count.toLocaleString('en-US')} served`,
        'ms',
        'lower',
        median(c.all),
        median(b.all),
      ),
      figure('peak RSS during the cold ingest', 'MB', 'lower', median(c.hwm), median(b.hwm)),
      figure('server CPU, spawn → refresh settled', 'cpu', 'lower', median(c.cpu), median(b.cpu)),
    );
    const pidOf = (side: Side) => live[side]!.server.pid;

    const [oneFacet, fullText] = issueScenarios(feed);
    const cachedPath = `/api/briefs?${typicalQuery(feed)}`;
    const loads: LoadFigure[] = [
      { name: '/api/status', paths: ['/api/status'] },
      { name: `cached ${cachedPath}`, paths: [cachedPath] },
      { name: `uncached: ${oneFacet!.name}`, paths: scenarioPaths(oneFacet!) },
      { name: `uncached: ${fullText!.name}`, paths: scenarioPaths(fullText!) },
      {
        name: `list page /?severity=high&tag=${feed.tags[0]}`,
        paths: [`/?severity=high&tag=${encodeURIComponent(feed.tags[0]!)}`],
      },
    ];

    // The same bytes as the cached answer from the minimal Next.js app and from nginx.
    const bytes = Buffer.from(await (await fetch(`${url('current')}${cachedPath}`)).arrayBuffer());
    const tmp = mkdtempSync(path.join(tmpdir(), 'bench-guard-'));
    writeFileSync(path.join(tmp, 'floor.json'), bytes);
    const floorApp = await startFrameworkFloor(path.join(tmp, 'floor.json'));
    const nginx = await startNginx({ 'briefs.json': bytes });
    const floorPid = findListeningPid(floorApp.process.pid!, floorApp.port) ?? NaN;
    let floorCpu = 0;
    try {
      const floorRuns: LoadResult[] = [];
      const nginxRuns: LoadResult[] = [];
      for (const load of loads) {
        const runs: Record<Side, LoadResult[]> = { current: [], baseline: [] };
        const cpu: Record<Side, number> = { current: 0, baseline: 0 };
        for (const side of ['current', 'baseline'] as const)
          await loadPaths(url(side), load.paths, 1);
        for (const side of interleave<Side>('current', 'baseline', opts.rounds)) {
          const cpuBefore = cpuMs(pidOf(side));
          runs[side].push(await loadPaths(url(side), load.paths, opts.secondsPerRound));
          cpu[side] += cpuMs(pidOf(side)) - cpuBefore;
          // The reference servers take their turn in the cached answer's rounds.
          if (load.paths[0] === cachedPath && side === 'baseline') {
            const floorBefore = cpuMs(floorPid);
            floorRuns.push(await loadPaths(floorApp.url, [FLOOR_PATH], opts.secondsPerRound));
            floorCpu += cpuMs(floorPid) - floorBefore;
            nginxRuns.push(await loadPaths(nginx.url, ['/briefs.json'], opts.secondsPerRound));
          }
        }
        const cur = clean(`${load.name} (current)`, mergeLoads(runs.current));
        const base = clean(`${load.name} (baseline)`, mergeLoads(runs.baseline));
        if (floorRuns.length) {
          floorRps = mergeLoads(floorRuns).rps;
          nginxRps = mergeLoads(nginxRuns).rps;
          floorCpuPerRequest = floorCpu / mergeLoads(floorRuns).requests;
        }
        figures.push(
          figure(`${load.name}: req/s`, 'req/s', 'higher', cur.rps, base.rps),
          figure(`${load.name}: p50`, 'ms', 'lower', cur.latency.p50, base.latency.p50),
          figure(
            `${load.name}: server CPU per request`,
            'cpu',
            'lower',
            cpu.current / cur.requests,
            cpu.baseline / base.requests,
          ),
        );
        log(
          `guard: ${load.name}: ${Math.round(cur.rps)} vs ${Math.round(base.rps)} req/s (${formatComparison(figures.at(-3)!.comparison)}), CPU per request ${formatComparison(figures.at(-1)!.comparison)}`,
        );
      }
    } finally {
      await nginx.stop();
      await floorApp.stop();
      rmSync(tmp, { recursive: true, force: true });
    }
    // Status ran before the floor's rounds: give it the floor figure measured after.
    for (const f of figures) {
      if (!f.name.startsWith('/api/status') && !f.name.startsWith('cached ')) continue;
      if (f.unit === 'req/s')
        Object.assign(
          f,
          { floor: floorRps },
          f.name.startsWith('cached ') ? { nginx: nginxRps } : {},
        );
      if (f.unit === 'cpu') f.floor = floorCpuPerRequest;
    }
  } finally {
    await stopAll();
  }

  const profiles: NamedProfile[] = [];
  const notes: string[] = [];
  const missed = figures.filter((f) => f.comparison.verdict === 'missed');
  if (opts.profile && missed.length > 0) {
    // One self-profiling server of the working tree: the cold start, then each missed load.
    const missedLoads = missed
      .filter((f) => f.unit !== 'MB' && !f.name.startsWith('spawn'))
      .filter((f) => !f.name.startsWith('server CPU, spawn'))
      .map((f) => f.name.replace(/: (req\/s|p50|server CPU per request)$/, ''));
    const loadsToProfile = [...new Set(missedLoads)].map((name) => ({
      label: `guard miss: ${name}`,
      paths: pathsFor(feed, name),
    }));
    try {
      const p = await profileColdStart(upstream, count, [], loadsToProfile);
      rmSync(p.cacheDir, { recursive: true, force: true });
      const coldMissed = missed.some(
        (f) =>
          f.name.startsWith('spawn') || f.name.startsWith('server CPU, spawn') || f.unit === 'MB',
      );
      profiles.push(...p.profiles.filter((x) => coldMissed || !x.label.startsWith('cold start')));
    } catch (error) {
      notes.push(`profiling the misses failed: ${String(error).split('\n')[0]}`);
    }
  }
  return {
    date: new Date().toISOString(),
    baseline: { ref: baseline.ref, why: baseline.why, sha: baseline.sha, steps: baseline.steps },
    options: opts,
    figures,
    profiles,
    notes,
  };
}

/** The paths a load figure ran, from its name (the profile reruns the same load). */
function pathsFor(feed: BenchFeed, name: string): string[] {
  const [oneFacet, fullText] = issueScenarios(feed);
  if (name === '/api/status') return ['/api/status'];
  if (name.startsWith('cached ')) return [name.slice('cached '.length)];
  if (name === `uncached: ${oneFacet!.name}`) return scenarioPaths(oneFacet!);
  if (name === `uncached: ${fullText!.name}`) return scenarioPaths(fullText!);
  const list = /^list page (\S+)$/.exec(name);
  if (list) return [`/?severity=high&tag=${encodeURIComponent(feed.tags[0]!)}`];
  throw new Error(`no load named ${name}`);
}

function value(unit: GuardFigure['unit'], v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  if (unit === 'req/s') return `${Math.round(v).toLocaleString('en-US')}`;
  if (unit === 'MB') return `${Math.round(v)} MB`;
  return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`;
}

export function guardMarkdown(g: GuardResult, command: string): string {
  const missed = g.figures.filter((f) => f.comparison.verdict === 'missed');
  const rows = g.figures.map((f) => [
    f.name,
    value(f.unit, f.current),
    value(f.unit, f.baseline),
    formatComparison(f.comparison),
    f.floor === undefined
      ? '—'
      : `${value(f.unit, f.floor)} (${(f.current / f.floor).toFixed(2)}×)`,
    f.nginx === undefined
      ? '—'
      : `${value(f.unit, f.nginx)} (${(f.current / f.nginx).toFixed(2)}×)`,
    f.comparison.verdict === 'missed' ? '**missed**' : f.comparison.verdict,
  ]);
  const o = g.options;
  return [
    '## Regression guard: this tree against the baseline release',
    '',
    `- Date: ${g.date}; command: \`${command}\``,
    `- Baseline: \`${g.baseline.sha.slice(0, 12)}\` (${g.baseline.ref}; ${g.baseline.why}), built in a temporary git worktree (${g.baseline.steps.length ? g.baseline.steps.join(', ') : 'reused from an earlier run'})`,
    `- ${o.count.toLocaleString('en-US')} synthetic briefs from the upstream stand-in; ${o.coldRounds} cold starts a side (median), then each load ${o.rounds} rounds of ${o.secondsPerRound} s a side at 10 connections, alternating (A B B A ...), both servers up; the framework floor and nginx serve the cached answer's bytes in the same rounds`,
    `- A figure more than 15% worse than the baseline is **missed**; ratios are this tree ÷ baseline (req/s: above 1 is better; times and memory: below 1 is better)`,
    '',
    table(
      [
        'Figure',
        'This tree',
        'Baseline',
        'Ratio to baseline',
        'Framework floor',
        'nginx',
        'Verdict',
      ],
      rows,
      ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
    '',
    missed.length === 0
      ? `No figure is more than 15% worse than the baseline (${g.figures.length} compared).`
      : `${missed.length} of ${g.figures.length} figures missed: ${missed.map((f) => f.name).join('; ')}.`,
    ...g.notes.map((n) => `\n${n}`),
    ...g.profiles.flatMap((p) => ['', profileMarkdown(p.label, p.summary)]),
  ].join('\n');
}

const BEGIN = '<!-- guard -->';
const END = '<!-- /guard -->';

/** Writes the guard's section into docs/benchmarks.md, keeping the rest (before ## Targets if new). */
export async function writeGuardSection(markdown: string): Promise<void> {
  const file = path.join(ROOT, 'docs/benchmarks.md');
  let doc = readFileSync(file, 'utf8');
  const block = `${BEGIN}\n\n${markdown.trim()}\n\n${END}`;
  const from = doc.indexOf(BEGIN);
  const to = doc.indexOf(END);
  if (from >= 0 && to > from) doc = doc.slice(0, from) + block + doc.slice(to + END.length);
  else {
    const at = doc.indexOf('\n## ');
    doc = at < 0 ? `${doc}\n${block}\n` : `${doc.slice(0, at + 1)}${block}\n\n${doc.slice(at + 1)}`;
  }
  const config = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(doc, { ...config, filepath: file }));
}
