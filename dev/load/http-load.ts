import autocannon, { type Client, type Request } from 'autocannon';
import { summarize, type Summary } from './stats';

// autocannon with exact latencies (its own histogram rounds to whole milliseconds, too coarse for
// a 10 ms target) and per-target status accounting, so a load test can tell an intended 404 from
// a failure.

export interface LoadTarget {
  path: string;
  /** Groups targets in the report: "list page", "api", "404"... */
  category: string;
  /** Statuses this target may answer; default any 2xx or 3xx. */
  expect?: (status: number) => boolean;
}

export interface CategoryResult {
  requests: number;
  statuses: Record<string, number>;
  unexpected: number;
  latency: Summary;
}

export interface LoadResult {
  requests: number;
  durationSec: number;
  rps: number;
  latency: Summary;
  /** Connection errors and timeouts: always failures. */
  errors: number;
  timeouts: number;
  /** Responses whose status the target did not expect. */
  unexpected: number;
  unexpectedSamples: string[];
  statuses: Record<string, number>;
  byCategory: Record<string, CategoryResult>;
  bytesPerResponse: number;
  /** Every response time, ms (for merging runs). */
  samples: number[];
}

export interface LoadOptions {
  url: string;
  targets: readonly LoadTarget[];
  connections?: number;
  durationSec: number;
  timeoutSec?: number;
}

const ok2xx3xx = (status: number) => status >= 200 && status < 400;

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const connections = opts.connections ?? 10;
  if (opts.targets.length === 0) throw new Error('runLoad: no targets');
  const all: number[] = [];
  const perCategory = new Map<
    string,
    { latencies: number[]; statuses: Record<string, number>; unexpected: number }
  >();
  const statuses: Record<string, number> = {};
  const unexpectedSamples: string[] = [];
  let unexpected = 0;
  let bytes = 0;
  // onResponse runs just before the tracker's 'response' event for the same response.
  let last: { category: string } | null = null;

  const requests: Request[] = opts.targets.map((target) => ({
    method: 'GET',
    path: target.path,
    onResponse: (status: number) => {
      const category = perCategory.get(target.category) ?? {
        latencies: [],
        statuses: {},
        unexpected: 0,
      };
      perCategory.set(target.category, category);
      category.statuses[status] = (category.statuses[status] ?? 0) + 1;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (!(target.expect ?? ok2xx3xx)(status)) {
        category.unexpected++;
        unexpected++;
        if (unexpectedSamples.length < 10) unexpectedSamples.push(`${status} ${target.path}`);
      }
      last = { category: target.category };
    },
  }));

  let clientNo = 0;
  const instance = autocannon({
    url: opts.url,
    connections,
    duration: opts.durationSec,
    timeout: opts.timeoutSec ?? 10,
    requests,
    // Each connection starts at its own offset of the ring, so connections do not ask for the
    // same URL at the same moment (which would turn most requests into cache hits).
    setupClient: (client: Client) => {
      const offset = Math.floor((clientNo++ * requests.length) / connections) % requests.length;
      client.setRequests([...requests.slice(offset), ...requests.slice(0, offset)]);
    },
  });
  instance.on(
    'response',
    (_client: unknown, _status: number, resBytes: number, responseTime: number) => {
      all.push(responseTime);
      bytes += resBytes;
      const category = last ? perCategory.get(last.category) : undefined;
      category?.latencies.push(responseTime);
      last = null;
    },
  );
  const result = await instance;
  const durationSec = result.duration;
  const byCategory: Record<string, CategoryResult> = {};
  for (const [name, c] of perCategory) {
    byCategory[name] = {
      requests: Object.values(c.statuses).reduce((a, b) => a + b, 0),
      statuses: c.statuses,
      unexpected: c.unexpected,
      latency: summarize(c.latencies),
    };
  }
  return {
    requests: all.length,
    durationSec,
    rps: all.length / durationSec,
    latency: summarize(all),
    errors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    unexpected,
    unexpectedSamples,
    statuses,
    byCategory,
    bytesPerResponse: all.length ? bytes / all.length : 0,
    samples: all,
  };
}

/** Several runs of the same load as one (interleaved rounds, so a burst of other work on the machine hits every server alike). */
export function mergeLoads(runs: readonly LoadResult[]): LoadResult {
  const samples = runs.flatMap((r) => r.samples);
  const durationSec = runs.reduce((n, r) => n + r.durationSec, 0);
  const statuses: Record<string, number> = {};
  for (const r of runs)
    for (const [s, n] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
  return {
    requests: samples.length,
    durationSec,
    rps: samples.length / durationSec,
    latency: summarize(samples),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    timeouts: runs.reduce((n, r) => n + r.timeouts, 0),
    unexpected: runs.reduce((n, r) => n + r.unexpected, 0),
    unexpectedSamples: runs.flatMap((r) => r.unexpectedSamples).slice(0, 10),
    statuses,
    byCategory: {},
    bytesPerResponse:
      runs.reduce((n, r) => n + r.bytesPerResponse * r.requests, 0) / Math.max(1, samples.length),
    samples,
  };
}
