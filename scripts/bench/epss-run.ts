import type { UpstreamStandIn } from '@/dev/upstream/server';
import { getStatus, stopBenchApp, type BenchApp } from '@/dev/load/app';
import { buildFeed, serveFeed, warmUpstream } from '@/dev/load/feed';
import { int, mb, ms } from '@/dev/load/stats';
import { gzipCsv, makeEpssCsv, type EpssRow } from '@/dev/signals';
import { Rng } from '@/dev/synth';
import {
  abbaOrder,
  allOf,
  atMost,
  spread,
  spreadText,
  verdictText,
  type PairedVerdict,
  type Side,
} from './paired';
import { table } from './report';
import { memoryProbe, type HeapReading } from './memory-probe';
import { readRss, sampleRss, type PhaseMemory } from './rss';
import { coldStart } from './size-run';
import { loadAverage, positiveEnv } from './machine';

// Issue 22: "peak RSS during the EPSS load stays within 20 MB of the server's RSS without it".
// A 300,000-row gzip'd EPSS CSV (the feed's CVEs among filler rows) from the upstream stand-in;
// servers at a fixed feed size, A B B A: A with EPSS_URL=off, B with it on (KEV off on both).
// Two moments: the cold start (ingest and EPSS load together; VmHWM of B minus VmHWM of A), and a
// reload while serving (a new file published; B's sampled peak over its RSS just before, minus
// A's over the same length of time with nothing to load).
//   BENCH_EPSS_SIZE=2000  BENCH_EPSS_PAIRS=2

export const EPSS_ID = 'epss';
const TARGET_BYTES = 20 * 1024 * 1024;
export const EPSS_ROWS = 300_000;

export interface EpssRun {
  side: Side;
  /** VmHWM once the feed is served and (B) the EPSS scores of all its CVEs are. */
  coldHwm: number;
  coldMemory: PhaseMemory;
  ingestPerBriefMs: number;
  /** Spawn -> the EPSS scores of every feed CVE are served (B). */
  epssReadyMs: number | null;
  rssBefore: number;
  reload: PhaseMemory;
  /** B: publish -> the new file's scores served; A: the window sampled. */
  reloadMs: number;
  matched: number;
  /** The server's heap once settled, before and after a full collection (the reload starts after it). */
  heap: HeapReading;
}

export interface EpssResult {
  date: string;
  count: number;
  feedCves: number;
  gzipBytes: number;
  loadStart: string;
  loadEnd: string;
  runs: EpssRun[];
}

/** The feed's CVEs with made-up scores, then filler rows up to `EPSS_ROWS`. */
export function epssFile(cves: readonly string[], scoreDate: string): Buffer {
  const rng = new Rng(11);
  const rows: EpssRow[] = cves.map((cve) => ({
    cve,
    epss: (rng.next() ** 4).toFixed(5),
    percentile: rng.next().toFixed(5),
  }));
  return gzipCsv(makeEpssCsv(rows, { filler: EPSS_ROWS - rows.length, scoreDate }));
}

async function until<T>(
  server: BenchApp,
  timeoutMs: number,
  what: string,
  check: () => Promise<T | null>,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => null);
    if (v !== null) return v;
    if (server.app.process.exitCode !== null || server.app.process.signalCode !== null)
      throw new Error(`${what}: the server exited\n${server.app.output().slice(-2000)}`);
    if (performance.now() > deadline) throw new Error(`${what}: not done in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until every feed CVE has the EPSS score of `scoreDate`; the time since spawn. */
async function epssServed(server: BenchApp, scoreDate: string, what: string): Promise<number> {
  return until(server, 180_000, what, async () => {
    const s = (await getStatus(server.app.url)).signals;
    if (s.epss.lastError) throw new Error(`${what}: ${s.epss.lastError}`);
    const done =
      s.epss.source === 'upstream' &&
      s.epss.date === scoreDate &&
      s.feedCves > 0 &&
      s.epss.matched === s.feedCves;
    return done ? performance.now() - server.spawnedAt : null;
  });
}

export async function runEpss(
  upstream: UpstreamStandIn,
  log: (m: string) => void,
): Promise<EpssResult> {
  const loadStart = loadAverage();
  const count = positiveEnv('BENCH_EPSS_SIZE', 2000);
  const pairs = positiveEnv('BENCH_EPSS_PAIRS', 2);
  const feed = buildFeed(count);
  const cves = [...new Set(feed.items.flatMap((i) => (i._cs_cves ?? []).map((c) => c.id)))];
  const dates = ['2026-11-28', '2026-11-29'];
  log(`epss: ${int(EPSS_ROWS)}-row files for ${int(cves.length)} feed CVEs`);
  const files = dates.map((d) => epssFile(cves, d));
  let current = 0;
  upstream.setSignals({ epss: files[current] });
  serveFeed(upstream, feed);
  await warmUpstream(upstream, count);
  const runs: EpssRun[] = [];
  const probe = memoryProbe();
  let reloadWindowMs = 5000;
  try {
    for (const side of abbaOrder(pairs)) {
      const env: Record<string, string> =
        side === 'B'
          ? { EPSS_URL: upstream.epssUrl, SIGNALS_REFRESH_SECONDS: '2' }
          : { EPSS_URL: 'off' };
      const { server, sampler, cold } = await coldStart(upstream.feedUrl, count, {
        ...env,
        ...probe.env(),
      });
      try {
        const epssReadyMs =
          side === 'B' ? await epssServed(server, dates[current]!, `EPSS at ${count}`) : null;
        const coldMemory = sampler.endPhase();
        sampler.stop();
        // Settle, then the reload: B gets a new file; A is sampled as long with nothing to load.
        await new Promise((r) => setTimeout(r, 2000));
        const heap = await probe.read(server.pid);
        await new Promise((r) => setTimeout(r, 1000));
        const rssBefore = readRss(server.pid).rss;
        const reloadSampler = sampleRss(server.pid, 20);
        const t0 = performance.now();
        if (side === 'B') {
          current = 1 - current;
          upstream.setSignals({ epss: files[current] });
          await epssServed(server, dates[current]!, 'EPSS reload');
        } else await new Promise((r) => setTimeout(r, reloadWindowMs));
        const reloadMs = performance.now() - t0;
        if (side === 'B') reloadWindowMs = Math.max(2000, reloadMs);
        const reload = reloadSampler.endPhase();
        reloadSampler.stop();
        const matched = (await getStatus(server.app.url)).signals.epss.matched;
        runs.push({
          side,
          coldHwm: coldMemory.hwm,
          coldMemory,
          ingestPerBriefMs: (cold.allServedMs - cold.bootMs) / count,
          epssReadyMs,
          rssBefore,
          reload,
          reloadMs,
          matched,
          heap,
        });
        log(
          `epss ${side === 'A' ? 'off' : 'on'}: VmHWM ${mb(coldMemory.hwm)}, reload peak ${mb(reload.rss)} over ${mb(rssBefore)} in ${(reloadMs / 1000).toFixed(1)} s`,
        );
      } finally {
        sampler.stop();
        await stopBenchApp(server);
      }
    }
  } finally {
    probe.dispose();
  }
  return {
    date: new Date().toISOString(),
    count,
    feedCves: cves.length,
    gzipBytes: files[0]!.length,
    loadStart,
    loadEnd: loadAverage(),
    runs,
  };
}

const rise = (r: EpssRun) => r.reload.rss - r.rssBefore;

export function epssFigures(r: EpssResult) {
  const side = (s: Side, f: (x: EpssRun) => number) =>
    spread(r.runs.filter((x) => x.side === s).map(f));
  const coldA = side('A', (x) => x.coldHwm);
  const coldB = side('B', (x) => x.coldHwm);
  const riseA = side('A', rise);
  const riseB = side('B', rise);
  return {
    coldA,
    coldB,
    coldDelta: coldB.median - coldA.median,
    riseA,
    riseB,
    reloadDelta: riseB.median - riseA.median,
  };
}

export function epssVerdict(r: EpssResult): {
  cold: PairedVerdict;
  reload: PairedVerdict;
  all: PairedVerdict;
} {
  const f = epssFigures(r);
  const cold = atMost(f.coldDelta, TARGET_BYTES);
  const reload = atMost(f.reloadDelta, TARGET_BYTES);
  return { cold, reload, all: allOf([cold, reload]) };
}

const signedMb = (bytes: number) =>
  Number.isFinite(bytes) ? `${bytes >= 0 ? '+' : '−'}${mb(Math.abs(bytes))}` : 'n/a';

export function epssMarkdown(r: EpssResult, command: string): string {
  const f = epssFigures(r);
  const v = epssVerdict(r);
  const side = (s: Side, g: (x: EpssRun) => number, fmt: (v: number) => string) =>
    spreadText(spread(r.runs.filter((x) => x.side === s).map(g)), fmt);
  const secs = (v: number) => `${(v / 1000).toFixed(1)} s`;
  const rows = [
    [
      'VmHWM, spawn → feed served (and EPSS served)',
      spreadText(f.coldA, mb),
      spreadText(f.coldB, mb),
      signedMb(f.coldDelta),
      verdictText(v.cold),
    ],
    [
      'sampled peak RssAnon / RssFile then',
      side('A', (x) => x.coldMemory.anon, mb) + ' / ' + side('A', (x) => x.coldMemory.file, mb),
      side('B', (x) => x.coldMemory.anon, mb) + ' / ' + side('B', (x) => x.coldMemory.file, mb),
      '',
      '—',
    ],
    [
      'settled: V8 heap used / reserved (garbage included)',
      `${side('A', (x) => x.heap.before.heapUsed, mb)} / ${side('A', (x) => x.heap.before.heapTotal, mb)}`,
      `${side('B', (x) => x.heap.before.heapUsed, mb)} / ${side('B', (x) => x.heap.before.heapTotal, mb)}`,
      '',
      '—',
    ],
    [
      'after a full GC: live heap / ArrayBuffers / RssAnon',
      `${side('A', (x) => x.heap.afterGc.heapUsed, mb)} / ${side('A', (x) => x.heap.afterGc.arrayBuffers, mb)} / ${side('A', (x) => x.heap.anon, mb)}`,
      `${side('B', (x) => x.heap.afterGc.heapUsed, mb)} / ${side('B', (x) => x.heap.afterGc.arrayBuffers, mb)} / ${side('B', (x) => x.heap.anon, mb)}`,
      '',
      '—',
    ],
    [
      'RSS before the reload (settled, after that GC)',
      side('A', (x) => x.rssBefore, mb),
      side('B', (x) => x.rssBefore, mb),
      '',
      '—',
    ],
    [
      'sampled peak over it during the reload (every 20 ms)',
      spreadText(f.riseA, signedMb),
      spreadText(f.riseB, signedMb),
      signedMb(f.reloadDelta),
      verdictText(v.reload),
    ],
    [
      'peak RssAnon during the reload',
      side('A', (x) => x.reload.anon, mb),
      side('B', (x) => x.reload.anon, mb),
      '',
      '—',
    ],
    [
      'reload: new file published → its scores served',
      side('A', (x) => x.reloadMs, secs) + ' (window)',
      side('B', (x) => x.reloadMs, secs),
      '',
      '—',
    ],
    [
      'spawn → EPSS of every feed CVE served',
      '—',
      side('B', (x) => x.epssReadyMs ?? NaN, secs),
      '',
      '—',
    ],
    [
      'ingest time per brief after boot',
      side(
        'A',
        (x) => x.ingestPerBriefMs,
        (v) => ms(v, 2),
      ),
      side(
        'B',
        (x) => x.ingestPerBriefMs,
        (v) => ms(v, 2),
      ),
      '',
      '—',
    ],
  ];
  return [
    `## Issue 22: EPSS load at ${int(r.count)} briefs`,
    '',
    `- Date: ${r.date}; command: \`${command}\`; load average (1/5/15 min) at the start ${r.loadStart}, at the end ${r.loadEnd}`,
    `- A gzip'd EPSS CSV of ${int(EPSS_ROWS)} rows (${mb(r.gzipBytes)} compressed; the feed's ${int(r.feedCves)} CVEs among \`dev/signals\` filler rows) from the upstream stand-in; ${r.runs.length} cold starts of the bench's ${int(r.count)}-brief feed, interleaved A B B A: EPSS_URL=off and on (KEV_URL=off on both). Every B run waits until every feed CVE has its score (\`/api/status\` signals.epss.matched = feedCves)`,
    '- Two moments: the cold start, where the EPSS download and reads overlap the feed ingest (VmHWM with EPSS minus without); and a reload while serving, after settling and a full GC (`scripts/bench/memory-probe.ts`, which also gives the heap figures): a new file is published, and the server fetches, verifies and reads it (its sampled peak RSS over its RSS just before, minus the same for the server without EPSS sampled as long). Medians of each side, range in brackets; memory figures are robust, times noisy on 2 shared CPUs',
    `- Target: at most +20 MB in both`,
    '',
    table(['Figure', 'EPSS off', 'EPSS on', 'on − off', 'Verdict'], rows, [
      'l',
      'r',
      'r',
      'r',
      'l',
    ]),
    '',
    `Peak RSS during the EPSS load within 20 MB of the server without it: ${verdictText(v.all)} (cold start ${signedMb(f.coldDelta)}, reload while serving ${signedMb(f.reloadDelta)}).`,
    '',
    "At cold start the peak is the feed ingest's (its garbage before the collector runs), which the EPSS reads overlap: the difference there says whether the EPSS load shows above that peak, and GC timing moves it by tens of MB either way. The reload after a full GC isolates the load itself: download to disk, a verifying pass over the gzip stream, then a pass that keeps only the feed's CVEs.",
  ].join('\n');
}
