import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { FeedStatus } from '@/lib/serving/status';
import { startApp, tempCacheDir, type AppServer } from '../app-server';
import { findListeningPid, readVm } from './proc';

export const ROOT = path.resolve(import.meta.dirname, '../..');

function missingFromBuild(routes: string[]): string | null {
  if (!existsSync(path.join(ROOT, '.next/BUILD_ID'))) return '.next/BUILD_ID is missing';
  const route = routes.find((r) => !existsSync(path.join(ROOT, '.next/server/app', r, 'route.js')));
  return route ? `the build has no ${route} route` : null;
}

/** Someone else's `next build` is under way in this tree (the tree is shared). */
function otherBuildRunning(): boolean {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      const isBuild = cmd.startsWith('next-build') || /next(\.js)?\u0000build/.test(cmd);
      if (isBuild && readlinkSync(`/proc/${name}/cwd`) === ROOT) return true;
    } catch {
      // gone
    }
  }
  return false;
}

/**
 * Runs `next build` when there is no production build, or (with `routes`) when the build
 * predates one of the given app routes (e.g. a new route). Waits for a build someone
 * else has started instead of racing it.
 */
export async function ensureBuild(
  routes: string[] = [],
  waitMs = 15 * 60_000,
): Promise<{ built: boolean; reason: string | null }> {
  const deadline = Date.now() + waitMs;
  while (otherBuildRunning()) {
    if (Date.now() > deadline) throw new Error('another next build has been running for too long');
    process.stderr.write('Waiting for another next build to finish…\n');
    await new Promise((r) => setTimeout(r, 10_000));
  }
  const reason = missingFromBuild(routes);
  if (!reason) return { built: false, reason: null };
  process.stderr.write(`Running next build (${reason})…\n`);
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    },
  );
  if (result.status !== 0)
    throw new Error(
      `next build failed (exit ${result.status ?? result.signal}); see the output above`,
    );
  return { built: true, reason };
}

export interface BenchApp {
  app: AppServer;
  /** The process that listens (a child of the `next start` CLI process). */
  pid: number;
  /** ms since performance.timeOrigin when the process was spawned. */
  spawnedAt: number;
  /** Where it keeps its snapshot: a later server given the same dir starts from it. */
  cacheDir: string;
}

/** The BUILD_ID of the build in .next, or null. */
export function buildId(): string | null {
  try {
    return readFileSync(path.join(ROOT, '.next/BUILD_ID'), 'utf8').trim();
  } catch {
    return null;
  }
}

/** Build ids the servers of this process started on: more than one means the tree was rebuilt. */
export const buildsUsed = new Set<string>();

/** Servers started and not yet stopped: the bench kills them if it is interrupted. */
export const liveBenchApps = new Set<BenchApp>();

export async function startBenchApp(
  feedUrl: string,
  env: Record<string, string> = {},
): Promise<BenchApp> {
  // Others build in the same tree: wait for theirs, or build again if they left none.
  await ensureBuild();
  const id = buildId();
  if (id) buildsUsed.add(id);
  const cacheDir = env.CACHE_DIR ?? tempCacheDir();
  const spawnedAt = performance.now();
  const app = await startApp({
    FEED_URL: feedUrl,
    ATTACK_URL: 'off',
    FEED_REFRESH_SECONDS: '3600',
    FEED_MAX_PAGES: '10000',
    NEXT_TELEMETRY_DISABLED: '1',
    ...env,
    CACHE_DIR: cacheDir,
  });
  const root = app.process.pid;
  const pid = root === undefined ? null : findListeningPid(root, app.port);
  if (pid === null) {
    await app.stop();
    throw new Error(`no process in the tree of ${root} listens on port ${app.port}`);
  }
  const bench = { app, pid, spawnedAt, cacheDir };
  liveBenchApps.add(bench);
  return bench;
}

/** Kills the server (and the CLI process, if it is another) and deletes its cache unless kept. */
export async function stopBenchApp(
  bench: BenchApp,
  opts: { keepCache?: boolean } = {},
): Promise<void> {
  try {
    process.kill(bench.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  await bench.app.stop();
  liveBenchApps.delete(bench);
  if (!opts.keepCache) rmSync(bench.cacheDir, { recursive: true, force: true });
}

export async function getStatus(url: string): Promise<FeedStatus> {
  const res = await fetch(`${url}/api/status`);
  if (!res.ok) throw new Error(`/api/status answered ${res.status}`);
  return (await res.json()) as FeedStatus;
}

export interface IngestTiming {
  /** Spawn -> /api/status answers (bundled data served). */
  bootMs: number;
  /** Spawn -> every brief is served from the upstream crawl. */
  servedMs: number;
  /** Spawn -> the refresh is over (the disk snapshot is written too). */
  settledMs: number;
  briefs: number;
  peakRss: number;
  rssAfter: number;
  status: FeedStatus;
}

/** Polls /api/status until the upstream data is served and the refresh is over. */
export async function watchIngest(
  bench: BenchApp,
  expected: number,
  timeoutMs = 300_000,
): Promise<IngestTiming> {
  const { url } = bench.app;
  let bootMs = NaN;
  let servedMs = NaN;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    let status: FeedStatus;
    try {
      status = await getStatus(url);
    } catch (error) {
      const exited = bench.app.process.exitCode ?? bench.app.process.signalCode;
      if (exited !== null || performance.now() > deadline) {
        throw new Error(
          `the server stopped answering (exit ${exited ?? 'none'}): ${String(error)}\n${bench.app.output().slice(-3000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    const now = performance.now() - bench.spawnedAt;
    if (Number.isNaN(bootMs)) bootMs = now;
    if (Number.isNaN(servedMs) && status.source === 'upstream' && status.briefs >= expected)
      servedMs = now;
    if (status.source === 'upstream' && status.refreshing === false) {
      if (status.briefs < expected)
        throw new Error(
          `only ${status.briefs} of ${expected} briefs served (${status.upstream.lastError ?? 'no error'})`,
        );
      return {
        bootMs,
        servedMs: Number.isNaN(servedMs) ? now : servedMs,
        settledMs: now,
        briefs: status.briefs,
        peakRss: readVm(bench.pid, 'VmHWM'),
        rssAfter: readVm(bench.pid, 'VmRSS'),
        status,
      };
    }
    if (status.upstream.lastError && status.refreshing === false && status.source !== 'upstream') {
      throw new Error(`the first refresh failed: ${status.upstream.lastError}`);
    }
    if (performance.now() > deadline)
      throw new Error(`ingest of ${expected} briefs did not finish in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
