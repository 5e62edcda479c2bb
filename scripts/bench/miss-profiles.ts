import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { UpstreamStandIn } from '@/dev/upstream/server';
import { ROOT, stopBenchApp, type BenchApp } from '@/dev/load/app';
import type { Scenario } from '@/dev/load/scenarios';
import {
  monotonicUs,
  selfProfilingEnv,
  summarizeProfileFile,
  type ProfileSummary,
  type Window,
} from './profile';
import { assertClean, loadPaths, scenarioPaths } from './queries';
import { coldStart, restartFromStore } from './size-run';

// Profiles of the targets missed, taken on separate servers that profile themselves (a sampling
// profiler at 0.5 ms slows them, so no figure of the target table comes from these runs).

export interface ServerMemory {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  heapSpaces: { space_name: string; space_used_size: number }[];
}

export interface NamedProfile {
  label: string;
  summary: ProfileSummary;
  /** The part of the saved profile summarised (kept so --render can summarise it again). */
  window?: Window;
}

const PROFILE_LOAD_SECONDS = 4;

export async function collect(
  server: BenchApp,
  dir: string,
  name: string,
): Promise<{ file: string; memory: ServerMemory }> {
  process.kill(server.pid, 'SIGUSR2');
  const file = path.join(dir, `${server.pid}.cpuprofile`);
  const deadline = Date.now() + 60_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the server wrote no CPU profile to ${file}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const memory = JSON.parse(
    readFileSync(path.join(dir, `${server.pid}.memory.json`), 'utf8'),
  ) as ServerMemory;
  const keptDir = path.join(ROOT, '.bench');
  mkdirSync(keptDir, { recursive: true });
  const kept = path.join(keptDir, `${name}.cpuprofile`);
  renameSync(file, kept);
  return { file: kept, memory };
}

export interface ColdProfiles {
  profiles: NamedProfile[];
  /** process.memoryUsage() of the profiled server after its ingest and query load. */
  memory: ServerMemory;
  cacheDir: string;
}

/**
 * A profiled cold start at `count` (windows: spawn to first 100 served, then to all served), then
 * the given query loads (a window each). Keeps its store for profileRestart.
 */
export async function profileColdStart(
  upstream: UpstreamStandIn,
  count: number,
  loads: readonly Scenario[],
  extraLoads: readonly { label: string; paths: string[] }[],
): Promise<ColdProfiles> {
  const { env, dir } = selfProfilingEnv();
  // performance.now() to the profiler's monotonic microseconds.
  const toUs = (t: number) => monotonicUs() - (performance.now() - t) * 1000;
  let running: Awaited<ReturnType<typeof coldStart>> | null = null;
  try {
    running = await coldStart(upstream.feedUrl, count, env);
    const { server, cold, sampler } = running;
    sampler.stop();
    const spawnUs = toUs(server.spawnedAt);
    const windows: [string, Window][] = [
      [
        `cold start at ${count.toLocaleString('en-US')}: spawn → first 100 served`,
        { fromUs: spawnUs, toUs: spawnUs + cold.first100Ms * 1000 },
      ],
      [
        `cold start at ${count.toLocaleString('en-US')}: first 100 → all served`,
        { fromUs: spawnUs + cold.first100Ms * 1000, toUs: spawnUs + cold.allServedMs * 1000 },
      ],
    ];
    const all = [
      ...loads.map((s) => ({ label: `query load: ${s.name}`, paths: scenarioPaths(s) })),
      ...extraLoads,
    ];
    for (const { label, paths } of all) {
      await loadPaths(server.app.url, paths, 1);
      const fromUs = monotonicUs();
      assertClean(`profile ${label}`, await loadPaths(server.app.url, paths, PROFILE_LOAD_SECONDS));
      windows.push([
        `${label} (${PROFILE_LOAD_SECONDS} s, 10 connections)`,
        { fromUs, toUs: monotonicUs() },
      ]);
    }
    const { file, memory } = await collect(server, dir, `cold-${count}`);
    return {
      profiles: windows.map(([label, w]) => ({
        label,
        window: w,
        summary: summarizeProfileFile(file, w),
      })),
      memory,
      cacheDir: server.cacheDir,
    };
  } finally {
    if (running) await stopBenchApp(running.server, { keepCache: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A profiled restart from `cacheDir` with the upstream down: spawn to every brief served. */
export async function profileRestart(
  upstream: UpstreamStandIn,
  cacheDir: string,
  count: number,
): Promise<NamedProfile> {
  const { env, dir } = selfProfilingEnv();
  let server: BenchApp | null = null;
  try {
    const started = await restartFromStore(upstream, cacheDir, count, env);
    server = started.server;
    const toUs = (t: number) => monotonicUs() - (performance.now() - t) * 1000;
    const spawnUs = toUs(server.spawnedAt);
    const { file } = await collect(server, dir, `restart-${count}`);
    const window = { fromUs: spawnUs, toUs: spawnUs + started.restart.allServedMs * 1000 };
    return {
      label: `restart at ${count.toLocaleString('en-US')}, upstream down: spawn → all served`,
      window,
      summary: summarizeProfileFile(file, window),
    };
  } finally {
    if (server) await stopBenchApp(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The profile summarised again from its saved file (after the summariser changed), if it is there. */
export function resummarize(p: NamedProfile): NamedProfile {
  const file = path.join(ROOT, p.summary.file);
  // A run older than the window field cannot be cut again: keep its summary.
  return p.window && existsSync(file) ? { ...p, summary: summarizeProfileFile(file, p.window) } : p;
}
