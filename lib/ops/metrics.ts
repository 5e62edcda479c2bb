import 'server-only';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// The process's Prometheus metrics (served at /metrics when METRICS_ENABLED=true). Next.js bundles
// route handlers and the instrumentation hook into separate module graphs, each with its own copy
// of this module: the registry and every metric are made once and kept on globalThis, so a counter
// moved by the crawl (instrumentation's graph) is the one a scrape (a route handler's) reads.
// Labels are bounded: route templates, outcomes, reasons and sources from fixed lists, never a URL.

const PREFIX = 'threat_brief_';

function makeMetrics() {
  const registry = new Registry();
  const dataAges = new Map<string, () => number | null>();
  const m = {
    registry,
    httpRequests: new Counter({
      name: `${PREFIX}http_requests_total`,
      help: 'HTTP requests answered, by route template, method and status code',
      labelNames: ['route', 'method', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'Time from a request arriving to its response finishing, by route template',
      labelNames: ['route'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    crawlRuns: new Counter({
      name: `${PREFIX}crawl_runs_total`,
      help: 'Feed crawls ended, by outcome (ok, unchanged, failed, budget, stopped)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    crawlDuration: new Histogram({
      name: `${PREFIX}crawl_duration_seconds`,
      help: 'Wall time of a feed crawl, by outcome',
      labelNames: ['outcome'] as const,
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
      registers: [registry],
    }),
    pagesFetched: new Counter({
      name: `${PREFIX}crawl_pages_total`,
      help: 'Feed pages read by crawls (a 304 counts: its items are reused)',
      registers: [registry],
    }),
    itemsFetched: new Counter({
      name: `${PREFIX}crawl_items_total`,
      help: 'Feed items read by crawls',
      registers: [registry],
    }),
    itemsSkipped: new Gauge({
      name: `${PREFIX}items_skipped`,
      help: 'Items of the served feed that could not become a brief, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    briefsServed: new Gauge({
      name: `${PREFIX}briefs_served`,
      help: 'Briefs served now, by where they come from (upstream, disk, bundled)',
      labelNames: ['source'] as const,
      registers: [registry],
    }),
    upstreamErrors: new Counter({
      name: `${PREFIX}upstream_errors_total`,
      help: 'Failed reads of an upstream, by source (feed, stix, attack, ...) and kind',
      labelNames: ['source', 'kind'] as const,
      registers: [registry],
    }),
    htmlPoolTasks: new Counter({
      name: `${PREFIX}html_pool_tasks_total`,
      help: 'Item bodies handed to the HTML worker pool, by result (rendered, failed)',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    htmlPoolWorkersLost: new Counter({
      name: `${PREFIX}html_pool_workers_lost_total`,
      help: 'HTML workers that died under a task (out of memory, exit, timeout)',
      registers: [registry],
    }),
    redisAdoptions: new Counter({
      name: `${PREFIX}redis_adoptions_total`,
      help: 'Shared snapshots read from Redis, by outcome (adopted, refused)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    redisPublishes: new Counter({
      name: `${PREFIX}redis_publishes_total`,
      help: 'Snapshots published to Redis, by outcome (published, superseded, failed)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    textIndexBuild: new Histogram({
      name: `${PREFIX}text_index_build_seconds`,
      help: 'Wall time of a full-text index build (in steps, between requests)',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    dataAge: new Gauge({
      name: `${PREFIX}data_age_seconds`,
      help: 'Seconds since the last good read of each upstream (absent until the first one)',
      labelNames: ['upstream'] as const,
      registers: [registry],
      collect() {
        dataAge.reset();
        const now = Date.now();
        for (const [upstream, lastGood] of dataAges) {
          const at = lastGood();
          if (at !== null) dataAge.set({ upstream }, Math.max(0, (now - at) / 1000));
        }
      },
    }),
    /** Upstream name -> when it was last read successfully (ms since the epoch), or null. */
    dataAges,
    defaultsOn: false,
  };
  const dataAge = m.dataAge;
  return m;
}

type OpsMetrics = ReturnType<typeof makeMetrics>;

const KEY = Symbol.for('threat-brief-dashboard.metrics');
type GlobalWithMetrics = typeof globalThis & { [KEY]?: OpsMetrics };

/** The process's one set of metrics (moving them costs a few operations, enabled or not). */
export function metrics(): OpsMetrics {
  const g = globalThis as GlobalWithMetrics;
  g[KEY] ??= makeMetrics();
  return g[KEY];
}

/**
 * Reports `threat_brief_data_age_seconds{upstream}` for one upstream: `lastGood` answers when it
 * was last read successfully (ms since the epoch, or null when never), asked at each scrape.
 * Registering the same name again replaces it. Later upstreams (KEV, EPSS) call this once.
 */
export function registerDataAge(upstream: string, lastGood: () => number | null): void {
  metrics().dataAges.set(upstream, lastGood);
}

/** Starts Node's and the process's default metrics (RSS, heap, event-loop lag, GC) once. */
export function startDefaultMetrics(): void {
  const m = metrics();
  if (m.defaultsOn) return;
  m.defaultsOn = true;
  collectDefaultMetrics({ register: m.registry, prefix: PREFIX });
  // Gauges that prom-client names `*_total`, which Prometheus's linter (promtool) refuses as
  // counter-like names for a gauge; the rest of the defaults (RSS, heap, lag, GC) stay.
  for (const name of ['active_handles_total', 'active_requests_total', 'active_resources_total'])
    m.registry.removeSingleMetric(`${PREFIX}nodejs_${name}`);
}

/** The exposition text of every metric, and its content type. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}

/** A bounded label for an upstream failure: the error's class, never its message or URL. */
export function errorKind(err: unknown): string {
  const name = err instanceof Error ? err.constructor.name : '';
  const known: Record<string, string> = {
    UpstreamUnavailableError: 'unavailable',
    UpstreamHttpError: 'http',
    UpstreamTimeoutError: 'timeout',
    UpstreamTooLargeError: 'too_large',
    UpstreamFormatError: 'format',
    UpstreamLinkError: 'link',
    CrawlBudgetError: 'budget',
    CoordinatorUnavailableError: 'coordinator',
    SyntaxError: 'format',
  };
  return known[name] ?? 'other';
}
