import type { UpstreamStandIn } from '@/dev/upstream/server';
import { getStatus, startBenchApp, stopBenchApp, type BenchApp } from '@/dev/load/app';
import type { FeedStatus } from '@/lib/serving/status';
import { readVm } from '@/dev/load/proc';
import { sampleRss, type PhaseMemory, type RssSampler } from './rss';

// One feed size: a cold start against the live upstream (time to the first 100 and to every
// brief served, memory during ingest), then whatever load the caller runs on it (memory sampled
// again), then the response sizes, then a restart from its store with the upstream down.

export interface ColdStart {
  bootMs: number;
  first100Ms: number;
  allServedMs: number;
  settledMs: number;
  ingestMemory: PhaseMemory;
}

export interface Sizes {
  apiUnfiltered: number;
  apiDeepPage: number;
  deepPage: number;
  listHtml: number;
  listInputs: number;
  briefHtml: number;
  briefSlug: string;
}

export interface Restart {
  allServedMs: number;
  /** Spawn -> the text index is built too (searches answer at once). */
  searchReadyMs: number;
  normalizedItems: number;
  source: FeedStatus['source'];
  rss: number;
  hwm: number;
}

const POLL_MS = 25;

function failIfExited(server: BenchApp, what: string): void {
  const exited = server.app.process.exitCode ?? server.app.process.signalCode;
  if (exited !== null)
    throw new Error(`${what}: the server exited (${exited})\n${server.app.output().slice(-3000)}`);
}

/** Polls /api/status until `done` says so; the time since spawn of the first status it holds for. */
async function until(
  server: BenchApp,
  what: string,
  timeoutMs: number,
  done: (s: FeedStatus) => boolean,
): Promise<{ ms: number; status: FeedStatus }> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const status = await getStatus(server.app.url).catch(() => null);
    const ms = performance.now() - server.spawnedAt;
    if (status && done(status)) return { ms, status };
    // Nothing real served and the refresh over with an error (a restart serves 'disk' meanwhile).
    if (status?.upstream.lastError && status.refreshing === false && status.source === 'bundled')
      throw new Error(`${what}: the refresh failed: ${status.upstream.lastError}`);
    failIfExited(server, what);
    if (performance.now() > deadline)
      throw new Error(
        `${what}: not done in ${timeoutMs / 1000} s (last status ${JSON.stringify(status)})`,
      );
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

export interface Running {
  server: BenchApp;
  sampler: RssSampler;
  cold: ColdStart;
}

/** Spawns a server on a fresh cache and waits until every brief is served and the refresh is over. */
export async function coldStart(
  feedUrl: string,
  count: number,
  env: Record<string, string> = {},
): Promise<Running> {
  // The stand-in runs in the bench process: on a loaded machine a page can take seconds, which is
  // not what is measured here (the default 10 s timeout failed a 50,000-brief crawl at load 15).
  const server = await startBenchApp(feedUrl, { FEED_TIMEOUT_MS: '60000', ...env });
  const sampler = sampleRss(server.pid);
  try {
    const boot = await until(server, 'boot', 60_000, () => true);
    const what = `cold start of ${count}`;
    const timeout = Math.max(120_000, count * 20);
    const first = await until(
      server,
      what,
      timeout,
      (s) => s.source === 'upstream' && s.briefs >= Math.min(100, count),
    );
    const all = await until(
      server,
      what,
      timeout,
      (s) => s.source === 'upstream' && s.briefs >= count,
    );
    // Settled: the refresh is over and the text index built (searches answer at once).
    const settled = await until(
      server,
      what,
      timeout,
      (s) => s.refreshing === false && s.searchReady,
    );
    if (settled.status.briefs !== count)
      throw new Error(`${what}: ${settled.status.briefs} briefs served, expected ${count}`);
    return {
      server,
      sampler,
      cold: {
        bootMs: boot.ms,
        first100Ms: first.ms,
        allServedMs: all.ms,
        settledMs: settled.ms,
        ingestMemory: sampler.endPhase(),
      },
    };
  } catch (error) {
    sampler.stop();
    await stopBenchApp(server);
    throw error;
  }
}

async function body(url: string): Promise<Buffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/** The deep page measured: three quarters through the feed at the default page size. */
export function deepPageOf(count: number, pageSize = 50): number {
  return Math.max(1, Math.floor((0.75 * count) / pageSize));
}

export async function measureSizes(url: string, count: number): Promise<Sizes> {
  const deepPage = deepPageOf(count);
  const html = (await body(`${url}/`)).toString('utf8');
  const top = JSON.parse((await body(`${url}/api/briefs?pageSize=1`)).toString('utf8')) as {
    items: { slug: string }[];
  };
  const slug = top.items[0]?.slug;
  if (!slug) throw new Error('/api/briefs?pageSize=1 listed no brief');
  return {
    apiUnfiltered: (await body(`${url}/api/briefs`)).length,
    apiDeepPage: (await body(`${url}/api/briefs?page=${deepPage}`)).length,
    deepPage,
    listHtml: Buffer.byteLength(html),
    listInputs: (html.match(/<input\b/g) ?? []).length,
    briefHtml: (await body(`${url}/briefs/${slug}`)).length,
    briefSlug: slug,
  };
}

/**
 * Starts a server on `cacheDir` (a stopped server's store) with the upstream down and waits until
 * every brief is served from disk. The caller stops it.
 */
export async function restartFromStore(
  upstream: UpstreamStandIn,
  cacheDir: string,
  count: number,
  env: Record<string, string> = {},
): Promise<{ server: BenchApp; restart: Restart }> {
  upstream.fault('down');
  const server = await startBenchApp(upstream.feedUrl, { ...env, CACHE_DIR: cacheDir });
  try {
    const { ms, status } = await until(
      server,
      `restart of ${count}`,
      Math.max(60_000, count * 5),
      (s) => s.source === 'disk' && s.briefs >= count,
    );
    const search = await until(server, `restart of ${count}`, Math.max(60_000, count * 5), (s) =>
      Boolean(s.searchReady),
    );
    return {
      server,
      restart: {
        allServedMs: ms,
        searchReadyMs: search.ms,
        normalizedItems: status.normalizedItems,
        source: status.source,
        rss: readVm(server.pid, 'VmRSS'),
        hwm: readVm(server.pid, 'VmHWM'),
      },
    };
  } catch (error) {
    await stopBenchApp(server, { keepCache: true });
    throw error;
  } finally {
    upstream.fault(null);
  }
}
