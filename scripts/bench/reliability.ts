import path from 'node:path';
import type { FeedStatus } from '@/lib/serving/status';
import type { UpstreamStandIn } from '@/dev/upstream/server';
import { ROOT } from '@/dev/load/app';
import type { LoadResult } from '@/dev/load/http-load';
import { table, writeSection } from './report';
import { int, ms } from '@/dev/load/stats';

// Shared by scripts/load.ts and scripts/soak.ts: the status watcher, the upstream's view of the
// refreshes, the result tables and docs/reliability.md.

export const RELIABILITY_DOC = path.join(ROOT, 'docs/reliability.md');
const SECTION_ORDER = ['load', 'soak'] as const;

export function writeReliability(id: (typeof SECTION_ORDER)[number], body: string): void {
  writeSection(RELIABILITY_DOC, 'Reliability', SECTION_ORDER, id, body);
}

export interface StatusWatch {
  stop: () => Promise<StatusLog>;
}

export interface StatusLog {
  polls: number;
  /** Non-200 answers or failed requests of /api/status itself. */
  failures: string[];
  successes: string[];
  errors: string[];
  sawRefreshing: number;
  last: FeedStatus | null;
}

/** Polls /api/status (every `everyMs`) and records each successful refresh and each error. */
export function watchStatus(url: string, everyMs = 500): StatusWatch {
  const log: StatusLog = {
    polls: 0,
    failures: [],
    successes: [],
    errors: [],
    sawRefreshing: 0,
    last: null,
  };
  let running = true;
  let previousError: string | null = null;
  const loop = (async () => {
    while (running) {
      try {
        const res = await fetch(`${url}/api/status`);
        log.polls++;
        if (res.status !== 200) log.failures.push(`HTTP ${res.status}`);
        else {
          const status = (await res.json()) as FeedStatus;
          const { lastSuccessAt, lastError } = status.upstream;
          if (lastSuccessAt && !log.successes.includes(lastSuccessAt))
            log.successes.push(lastSuccessAt);
          // One entry per failure episode, even when two outages give the same message.
          if (lastError && lastError !== previousError) log.errors.push(lastError);
          previousError = lastError;
          if (status.refreshing) log.sawRefreshing++;
          log.last = status;
        }
      } catch (error) {
        log.failures.push(error instanceof Error ? error.message : String(error));
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return log;
    },
  };
}

/** What the upstream saw for the feed's first page since `fromIndex` of its log. */
export function upstreamFirstPages(
  upstream: UpstreamStandIn,
  fromIndex: number,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of upstream.log.slice(fromIndex)) {
    if (entry.path !== '/feed.json') continue;
    counts[entry.status] = (counts[entry.status] ?? 0) + 1;
  }
  return counts;
}

export function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length ? entries.map(([k, v]) => `${k}: ${int(v)}`).join(', ') : 'none';
}

export function loadRow(name: string, r: LoadResult): string[] {
  return [
    name,
    int(r.requests),
    int(r.rps),
    ms(r.latency.p50),
    ms(r.latency.p90),
    ms(r.latency.p99),
    ms(r.latency.max),
    formatCounts(r.statuses),
    String(r.unexpected),
    String(r.errors + r.timeouts),
  ];
}

export const LOAD_HEADER = [
  'Phase',
  'Requests',
  'req/s',
  'p50',
  'p90',
  'p99',
  'max',
  'Statuses',
  'Unexpected',
  'Errors',
];
export const LOAD_ALIGN: ('l' | 'r')[] = ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l', 'r', 'r'];

/** Per category over several runs. */
export function categoryTable(results: readonly LoadResult[]): string {
  const names = [...new Set(results.flatMap((r) => Object.keys(r.byCategory)))].sort();
  const rows = names.map((name) => {
    const parts = results.flatMap((r) => (r.byCategory[name] ? [r.byCategory[name]] : []));
    const statuses: Record<string, number> = {};
    for (const p of parts)
      for (const [s, n] of Object.entries(p.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
    const requests = parts.reduce((n, p) => n + p.requests, 0);
    // Weighted by requests: close enough for a table (the exact percentiles are per run).
    const weighted = (pick: (p: (typeof parts)[number]) => number) =>
      parts.reduce((n, p) => n + pick(p) * p.requests, 0) / Math.max(1, requests);
    return [
      name,
      int(requests),
      ms(weighted((p) => p.latency.p50)),
      ms(weighted((p) => p.latency.p99)),
      formatCounts(statuses),
      String(parts.reduce((n, p) => n + p.unexpected, 0)),
    ];
  });
  return table(
    ['Traffic', 'Requests', 'p50 (weighted)', 'p99 (weighted)', 'Statuses', 'Unexpected'],
    rows,
    ['l', 'r', 'r', 'r', 'l', 'r'],
  );
}
