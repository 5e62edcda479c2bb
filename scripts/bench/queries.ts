import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchFeed } from '@/dev/load/feed';
import { FLOOR_PATH, startFrameworkFloor } from '@/dev/load/framework-floor';
import { mergeLoads, runLoad, type LoadResult } from '@/dev/load/http-load';
import { queryScenarios, typicalQuery, type Scenario } from '@/dev/load/scenarios';
import { startNginx } from './nginx';

// Issue 12's four query scenarios on /api/briefs at 10 connections, then the same bytes (the
// one-facet answer) from the dashboard's query cache, a minimal Next.js app and nginx, in
// interleaved rounds so a burst of other work on the machine hits them alike.

export const CONNECTIONS = 10;
/** The scenarios issue 12 names, by their name in dev/load/scenarios.ts. */
export const ISSUE_SCENARIOS = [
  'one facet (vendor)',
  'full-text q',
  'q + two facets',
  'deep page (page 50-199, newest/oldest)',
] as const;
const BASELINE_ROUNDS = 3;
const BASELINE_SECONDS = 2;

export interface QueryRun {
  scenario: Scenario;
  result: LoadResult;
}

export interface Baselines {
  path: string;
  bytes: number;
  sameUrl: LoadResult;
  floor: LoadResult;
  nginx: LoadResult;
  rounds: number;
  secondsPerRound: number;
}

export function issueScenarios(feed: BenchFeed): Scenario[] {
  const all = queryScenarios(feed);
  return ISSUE_SCENARIOS.map((name) => {
    const s = all.find((x) => x.name === name);
    if (!s) throw new Error(`no scenario named ${name} in dev/load/scenarios.ts`);
    return s;
  });
}

export function assertClean(name: string, r: LoadResult): LoadResult {
  if (r.unexpected || r.errors || r.timeouts || r.requests === 0)
    throw new Error(
      `${name}: ${r.requests} requests, ${r.unexpected} unexpected statuses (${r.unexpectedSamples.join(', ')}), ${r.errors} errors, ${r.timeouts} timeouts`,
    );
  return r;
}

export async function loadPaths(
  url: string,
  paths: readonly string[],
  durationSec: number,
): Promise<LoadResult> {
  const targets = paths.map((p) => ({ path: p, category: 'load' }));
  return runLoad({ url, targets, connections: CONNECTIONS, durationSec });
}

export const scenarioPaths = (s: Scenario) => s.queries.map((q) => `/api/briefs?${q}`);

/** Each scenario: 1 s of warm-up, then `seconds` measured. */
export async function runScenarios(
  url: string,
  scenarios: readonly Scenario[],
  seconds: number,
  log: (m: string) => void,
): Promise<QueryRun[]> {
  const first = scenarios[0];
  if (first) await loadPaths(url, scenarioPaths(first), 2); // JIT and route warm-up
  const runs: QueryRun[] = [];
  for (const scenario of scenarios) {
    await loadPaths(url, scenarioPaths(scenario), 1);
    const result = assertClean(
      scenario.name,
      await loadPaths(url, scenarioPaths(scenario), seconds),
    );
    log(
      `query ${scenario.name}: ${Math.round(result.rps)} req/s, p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms`,
    );
    runs.push({ scenario, result });
  }
  return runs;
}

export async function runBaselines(url: string, feed: BenchFeed): Promise<Baselines> {
  const apiPath = `/api/briefs?${typicalQuery(feed)}`;
  const res = await fetch(`${url}${apiPath}`);
  if (!res.ok) throw new Error(`${apiPath} answered ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-floor-'));
  const file = path.join(dir, 'floor.json');
  writeFileSync(file, bytes);
  const floorApp = await startFrameworkFloor(file);
  try {
    const nginx = await startNginx({ 'briefs.json': bytes });
    try {
      for (const [base, p] of [
        [floorApp.url, FLOOR_PATH],
        [nginx.url, '/briefs.json'],
      ] as const) {
        const check = await fetch(`${base}${p}`);
        const n = (await check.arrayBuffer()).byteLength;
        if (!check.ok || n !== bytes.length)
          throw new Error(
            `${base}${p} answered ${check.status} with ${n} bytes, not ${bytes.length}`,
          );
      }
      await loadPaths(floorApp.url, [FLOOR_PATH], 1);
      await loadPaths(nginx.url, ['/briefs.json'], 1);
      const rounds = {
        sameUrl: [] as LoadResult[],
        floor: [] as LoadResult[],
        nginx: [] as LoadResult[],
      };
      for (let i = 0; i < BASELINE_ROUNDS; i++) {
        rounds.sameUrl.push(await loadPaths(url, [apiPath], BASELINE_SECONDS));
        rounds.floor.push(await loadPaths(floorApp.url, [FLOOR_PATH], BASELINE_SECONDS));
        rounds.nginx.push(await loadPaths(nginx.url, ['/briefs.json'], BASELINE_SECONDS));
      }
      return {
        path: apiPath,
        bytes: bytes.length,
        sameUrl: assertClean('same URL', mergeLoads(rounds.sameUrl)),
        floor: assertClean('framework floor', mergeLoads(rounds.floor)),
        nginx: assertClean('nginx', mergeLoads(rounds.nginx)),
        rounds: BASELINE_ROUNDS,
        secondsPerRound: BASELINE_SECONDS,
      };
    } finally {
      await nginx.stop();
    }
  } finally {
    await floorApp.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
