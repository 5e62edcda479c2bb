import { describe, expect, it } from 'vitest';
import type { LoadResult } from '@/dev/load/http-load';
import { epssFigures, epssVerdict, type EpssResult, type EpssRun } from './epss-run';
import { heapChecks, type HeapResult, type ServerFigures } from './heap-run';
import { indicatorVerdicts, type IndicatorRun, type IndicatorsResult } from './indicators-run';

// The verdicts of the issue 21-23 sections from made-up figures: medians per side, differences
// and ratios against each target.

const MB = 1024 * 1024;
const SNAP = {
  rss: 0,
  heapTotal: 0,
  heapUsed: 0,
  external: 0,
  arrayBuffers: 0,
  heapSizeLimit: 0,
  spaces: [],
};

function epssRun(side: 'A' | 'B', hwm: number, before: number, peak: number): EpssRun {
  const phase = {
    rss: peak * MB,
    anonAtPeak: 0,
    fileAtPeak: 0,
    anon: 0,
    file: 0,
    samples: 1,
    hwm: 0,
  };
  return {
    side,
    coldHwm: hwm * MB,
    coldMemory: { ...phase, hwm: hwm * MB },
    ingestPerBriefMs: 1,
    epssReadyMs: null,
    rssBefore: before * MB,
    reload: phase,
    reloadMs: 1000,
    matched: 0,
    heap: { before: SNAP, afterGc: SNAP, anon: 0, file: 0 },
  };
}

const epss = (runs: EpssRun[]): EpssResult => ({
  date: '',
  count: 2000,
  feedCves: 10,
  gzipBytes: 1,
  loadStart: '',
  loadEnd: '',
  runs,
});

describe('EPSS section', () => {
  it('compares the medians of each side, at cold start and on the reload', () => {
    const r = epss([
      epssRun('A', 200, 200, 201),
      epssRun('B', 215, 210, 220),
      epssRun('B', 219, 210, 230),
      epssRun('A', 202, 200, 202),
    ]);
    const f = epssFigures(r);
    expect(f.coldDelta / MB).toBe(217 - 201); // medians of 215, 219 and 200, 202
    expect(f.reloadDelta / MB).toBe(15 - 1.5);
    expect(epssVerdict(r)).toEqual({ cold: 'holds', reload: 'holds', all: 'holds' });
  });

  it('misses when either moment is more than 20 MB over', () => {
    const r = epss([epssRun('A', 200, 200, 200), epssRun('B', 205, 200, 230)]);
    expect(epssVerdict(r)).toEqual({ cold: 'holds', reload: 'missed', all: 'missed' });
  });
});

function indicatorRun(side: 'A' | 'B', perBrief: number, hwm: number, live: number): IndicatorRun {
  const snap = {
    rss: 0,
    heapTotal: 0,
    heapUsed: live * MB,
    external: 0,
    arrayBuffers: 0,
    heapSizeLimit: 0,
    spaces: [],
  };
  const mem = {
    rss: hwm * MB,
    anonAtPeak: 0,
    fileAtPeak: 0,
    anon: 0,
    file: 0,
    samples: 1,
    hwm: hwm * MB,
  };
  return {
    side,
    cold: { bootMs: 0, first100Ms: 0, allServedMs: 0, settledMs: 0, ingestMemory: mem },
    ingestPerBriefMs: perBrief,
    rssAfter: hwm * MB,
    heap: { before: snap, afterGc: snap, anon: 0, file: 0 },
    iocBriefs: 0,
  };
}

describe('indicators section', () => {
  const result = (runs: IndicatorRun[]): IndicatorsResult => ({
    date: '',
    count: 10_000,
    loadStart: '',
    loadEnd: '',
    census: { reports: 1, withIndicators: 1, indicators: 1, largest: 1 },
    bundleBytes: { without: 1, with: 2 },
    runs,
  });

  it('holds at 5% and misses above, memory and ingest apart', () => {
    expect(
      indicatorVerdicts(result([indicatorRun('A', 2, 400, 100), indicatorRun('B', 2.1, 420, 105)])),
    ).toEqual({ memory: 'holds', ingest: 'holds' });
    expect(
      indicatorVerdicts(result([indicatorRun('A', 2, 400, 100), indicatorRun('B', 2.2, 421, 100)])),
    ).toEqual({ memory: 'missed', ingest: 'missed' });
  });
});

describe('heap section', () => {
  const latency = (p50: number, p99: number) =>
    ({ rps: 1, latency: { p50, p99 } }) as unknown as LoadResult;
  const phase = (hwm: number) => ({
    rss: hwm,
    anonAtPeak: 0,
    fileAtPeak: 0,
    anon: 0,
    file: 0,
    samples: 1,
    hwm,
  });
  // A server that died after its ingest: VmHWM unknown at the end, its ingest peak known.
  const server = (limited: boolean, peak: number, survived = true): ServerFigures => ({
    limited,
    survived,
    error: survived ? null : 'exited (SIGABRT): FATAL ERROR: Reached heap limit',
    cold: {
      bootMs: 0,
      first100Ms: 0,
      allServedMs: 1,
      settledMs: 1,
      ingestMemory: phase(peak * MB),
    },
    load: null,
    hwm: survived ? peak * MB : NaN,
    // Survival is read from the heap probe answering after the load.
    heap: survived ? { before: SNAP, afterGc: SNAP, anon: 0, file: 0 } : null,
    ...(survived && limited && { problems: ['round 2: no response in the round'] }),
  });

  it('judges survival, the latency ratio, the peaks and the growth', () => {
    const r: HeapResult = {
      date: '',
      limitMb: 256,
      loadStart: '',
      loadEnd: '',
      rounds: 2,
      secondsPerRound: 3,
      sizes: [
        {
          count: 10_000,
          servers: [server(true, 280), server(false, 560)],
          loads: [{ name: 'q', limited: latency(11, 50), unlimited: latency(10, 40) }], // 1.10, 1.25
        },
        { count: 50_000, servers: [server(true, 500, false)], loads: [] },
      ],
    };
    const verdicts = heapChecks(r).map((c) => c.verdict);
    expect(verdicts).toEqual(['holds', 'missed', 'missed', 'holds', 'missed', 'missed']);
    expect(heapChecks(r)[2]!.measured).toBe('1.25× (1.18×)');
    // A load round left out is not a crash; a crashed server's peak is a lower bound.
    expect(heapChecks(r)[0]!.measured).toBe('survived');
    expect(heapChecks(r)[1]!.measured).toMatch(/^crashed \(exited \(SIGABRT\): FATAL ERROR/);
    expect(heapChecks(r)[4]!.measured).toBe('≥ 500 MB (before it crashed)');
    expect(heapChecks(r)[5]!.measured).toBe('≥ 1.79×');
  });
});
