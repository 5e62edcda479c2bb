import { describe, expect, it } from 'vitest';
import type { LoadResult } from '@/dev/load/http-load';
import { summarize } from '@/dev/load/stats';
import { buildChecks, ingestPerBrief, peakRss, type SizeResult } from './checks';
import { ISSUE_SCENARIOS } from './queries';
import { NO_PEAKS } from './rss';

const MB = 1024 * 1024;

function load(p50: number, p99: number): LoadResult {
  const samples = [...Array<number>(98).fill(p50), p99, p99];
  return {
    requests: samples.length,
    durationSec: 1,
    rps: samples.length,
    latency: summarize(samples),
    errors: 0,
    timeouts: 0,
    unexpected: 0,
    unexpectedSamples: [],
    statuses: { 200: samples.length },
    byCategory: {},
    bytesPerResponse: 1000,
    samples,
  };
}

function size(count: number, o: { allMs: number; hwm: number; p50?: number }): SizeResult {
  const mem = (hwm: number) => ({ ...NO_PEAKS, rss: hwm, hwm });
  return {
    count,
    cold: {
      bootMs: 1000,
      first100Ms: 1500,
      allServedMs: o.allMs,
      settledMs: o.allMs,
      ingestMemory: mem(o.hwm),
    },
    loadMemory: mem(o.hwm / 2),
    queries: ISSUE_SCENARIOS.map((name) => ({
      scenario: { name, queries: [] },
      result: load(o.p50 ?? 5, 20),
    })),
    sizes: {
      apiUnfiltered: 40_000,
      apiDeepPage: 40_000,
      deepPage: 150,
      listHtml: 200_000,
      listInputs: 300,
      briefHtml: 50_000,
      briefSlug: 'x',
    },
    restart: {
      allServedMs: 1800,
      searchReadyMs: 2500,
      normalizedItems: 0,
      source: 'disk',
      rss: 0,
      hwm: 0,
    },
  };
}

const byName = (checks: ReturnType<typeof buildChecks>, part: string) =>
  checks.filter((c) => c.name.includes(part)).map((c) => c.verdict);

describe('buildChecks', () => {
  it('judges each size against its own target and the growth between them', () => {
    const s10 = size(10_000, { allMs: 11_000, hwm: 280 * MB });
    const s50 = size(50_000, { allMs: 61_000, hwm: 500 * MB, p50: 50 });
    expect(ingestPerBrief(s10)).toBe(1);
    expect(peakRss(s50)).toBe(500 * MB);
    const checks = buildChecks([s10, s50], null);
    expect(byName(checks, 'first 100')).toEqual(['holds', 'holds']);
    expect(byName(checks, 'all 50,000')).toEqual(['missed']);
    expect(byName(checks, 'next-server peak RSS, 10,000')).toEqual(['holds']);
    expect(byName(checks, 'next-server peak RSS, 50,000')).toEqual(['missed']);
    expect(byName(checks, 'growth: ingest')).toEqual(['holds']); // 1.2 ms vs 1 ms a brief
    expect(byName(checks, 'growth: peak RSS')).toEqual(['missed']); // 1.79×
    // Queries are judged at 10,000 only: 50,000's slow p50 does not count.
    expect(byName(checks, 'query at 10,000')).toEqual(['holds', 'holds', 'holds', 'holds']);
    expect(byName(checks, '`/` HTML')).toEqual(['missed']);
    expect(byName(checks, 'restart')).toEqual(['holds', 'holds']);
    expect(byName(checks, 'framework floor')).toEqual(['not measured']);
  });
  it('says not measured for sizes not run', () => {
    const checks = buildChecks([size(1_000, { allMs: 3_000, hwm: 200 * MB })], null);
    expect(checks.every((c) => c.verdict === 'not measured')).toBe(true);
  });
});
