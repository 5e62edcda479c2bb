import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, tempCacheDir, waitFor, type AppServer } from '@/dev/app-server';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';

// Operations through the real server (`next start` of the production build): /metrics parsed by
// Prometheus's own promtool and moving with crawls and requests, JSON log lines, the health
// probes through a start, a crawl, an outage and a shutdown, and a SIGTERM under load in the
// middle of a crawl.

const TOKEN = 'metrics-token-for-the-test-0123456789';
const SECRET = 'hunter2-query-secret';

const items = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    id: `/briefs/ops-test-${from + i}/`,
    title: `Operations test ${from + i}`,
    content_html: `<p>Body ${from + i} about CVE-2026-${1000 + i}</p>`,
    date_published: new Date(Date.UTC(2026, 6, 1 + i)).toISOString(),
  }));

let promtool: string;
const apps: AppServer[] = [];
const upstreams: UpstreamStandIn[] = [];

beforeAll(() => {
  // Installed by `npm test` (scripts/test.mjs) and .ci/run: the Debian package `prometheus`.
  const found = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((p) => existsSync(p));
  if (!found) throw new Error('promtool is missing: apt-get install prometheus');
  promtool = found;
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await Promise.all(upstreams.map((u) => u.close()));
});

async function scrape(app: AppServer): Promise<string> {
  const res = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function samples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparsed line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** Sum of the samples of `name` whose labels include `labels`. */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  return samples(text)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

function promtoolCheck(text: string): void {
  // Exits non-zero on a parse error or a lint problem (names, units, help).
  execFileSync(promtool, ['check', 'metrics'], { input: text, stdio: ['pipe', 'pipe', 'pipe'] });
}

/**
 * What the server wrote after start-up (`startApp` returns once it answers): Next.js's banner
 * comes before, every line after must be one JSON object.
 */
function jsonLines(app: AppServer, startedAt: number): Record<string, unknown>[] {
  const lines = app
    .output()
    .slice(startedAt)
    .split('\n')
    .filter((l) => l.trim() !== '');
  expect(lines.length).toBeGreaterThan(0);
  return lines.map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`not a JSON log line: ${line}`);
    }
  });
}

async function status(app: AppServer) {
  return (await (await fetch(`${app.url}/api/status`)).json()) as {
    source: string;
    briefs: number;
    ok: boolean;
    refreshing: false | { pagesDone: number };
    normalizedItems: number;
  };
}

describe('metrics, logs and health', () => {
  it("the README's example alerts are valid Prometheus rules", () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const rules = /```yaml\n# alerts\.yml[^\n]*\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(rules).toContain('threat_brief_data_age_seconds');
    const file = path.join(tmpdir(), `brief-alerts-${process.pid}.yml`);
    writeFileSync(file, rules!);
    execFileSync(promtool, ['check', 'rules', file], { stdio: 'pipe' });
  });

  it('metrics parse with promtool, move with crawls and requests, carry no raw URL', async () => {
    const up = await startUpstream({ slowMs: 2_000 });
    upstreams.push(up);
    // One item without an id: skipped as no-id.
    up.setItems([...items(25), { title: 'An item without an id' }], { pageSize: 10 });
    const app = await startApp({
      FEED_URL: `${up.feedUrl}?api_key=${SECRET}`,
      FEED_STIX_URL: 'off',
      FEED_REFRESH_SECONDS: '2',
      METRICS_ENABLED: 'true',
      METRICS_TOKEN: TOKEN,
      LOG_LEVEL: 'info',
    });
    apps.push(app);
    const startedAt = app.output().length;
    expect((await fetch(`${app.url}/api/health/live`)).status).toBe(200);
    await waitFor(async () => (await status(app)).source === 'upstream');

    const ready = await fetch(`${app.url}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toMatchObject({ ready: true, source: 'upstream' });

    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
    const bad = await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);

    const before = await scrape(app);
    promtoolCheck(before);
    expect(value(before, 'threat_brief_crawl_runs_total', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(value(before, 'threat_brief_crawl_pages_total')).toBeGreaterThanOrEqual(3);
    expect(value(before, 'threat_brief_crawl_items_total')).toBeGreaterThanOrEqual(26);
    expect(value(before, 'threat_brief_briefs_served', { source: 'upstream' })).toBe(25);
    expect(value(before, 'threat_brief_items_skipped', { reason: 'no-id' })).toBe(1);
    expect(before).toMatch(/^threat_brief_data_age_seconds\{upstream="feed"\} /m);
    expect(before).toMatch(/^threat_brief_process_resident_memory_bytes /m);
    expect(before).toMatch(/^threat_brief_nodejs_eventloop_lag_seconds /m);
    expect(value(before, 'threat_brief_text_index_build_seconds_count')).toBeGreaterThan(0);

    const detail = '/api/briefs/[slug]';
    const detailBefore = value(before, 'threat_brief_http_requests_total', { route: detail });
    for (let i = 0; i < 5; i++) {
      // Bodies read whole: a request is counted when its answer has finished.
      const res = await fetch(`${app.url}/api/briefs/ops-test-${i}?x=${SECRET}`);
      expect(res.status).toBe(200);
      await res.text();
      await (await fetch(`${app.url}/briefs/ops-test-${i}`)).text();
      await (await fetch(`${app.url}/no/such/page-${i}?q=${SECRET}`)).text();
    }
    const after = await scrape(app);
    promtoolCheck(after);
    expect(value(after, 'threat_brief_http_requests_total', { route: detail, status: '200' })).toBe(
      detailBefore + 5,
    );
    expect(
      value(after, 'threat_brief_http_request_duration_seconds_count', { route: detail }),
    ).toBeGreaterThanOrEqual(detailBefore + 5);
    expect(
      value(after, 'threat_brief_http_requests_total', { route: '/briefs/[slug]' }),
    ).toBeGreaterThanOrEqual(5);
    expect(
      value(after, 'threat_brief_http_requests_total', { route: '(unmatched)', status: '404' }),
    ).toBeGreaterThanOrEqual(5);
    // Bounded labels: templates and fixed words only, never a path asked or a query value.
    for (const s of samples(after)) {
      for (const v of Object.values(s.labels)) {
        expect(v).not.toContain('?');
        expect(v).not.toContain(SECRET);
        expect(v).not.toMatch(/ops-test|page-\d|https?:/);
      }
    }

    // An upstream outage: errors counted by source and kind, still ready, still live.
    const failedBefore = value(after, 'threat_brief_crawl_runs_total', { outcome: 'failed' });
    up.fault('down');
    const outage = await waitFor(async () => {
      const text = await scrape(app);
      const failed = value(text, 'threat_brief_crawl_runs_total', { outcome: 'failed' });
      return failed > failedBefore ? text : null;
    }, 30_000);
    promtoolCheck(outage);
    expect(value(outage, 'threat_brief_upstream_errors_total', { source: 'feed' })).toBeGreaterThan(
      0,
    );
    expect((await fetch(`${app.url}/api/health/live`)).status).toBe(200);
    const readyDown = await fetch(`${app.url}/api/health/ready`);
    expect(readyDown.status).toBe(200);
    expect(await readyDown.json()).toMatchObject({ ready: true, source: 'upstream' });
    up.fault(null);

    // Every line after start-up is one JSON object; one summary line per crawl; nothing secret.
    const lines = jsonLines(app, startedAt);
    const crawls = lines.filter((l) => l.event === 'crawl');
    expect(crawls.length).toBeGreaterThanOrEqual(2);
    const first = crawls.find((l) => l.outcome === 'ok')!;
    expect(first).toMatchObject({ level: 'info', pages: 3, items: 26, skipped: { 'no-id': 1 } });
    expect(typeof first.durationMs).toBe('number');
    expect(first).toHaveProperty('stoppedBy', null);
    const failed = crawls.find((l) => l.outcome === 'failed')!;
    expect(failed).toMatchObject({ level: 'warn' });
    expect(String(failed.error)).toMatch(/could not be reached|HTTP 5\d\d/);
    expect(app.output()).not.toContain(SECRET);
    await app.stop();
  }, 120_000);

  it('metrics are off by default', async () => {
    const app = await startApp({ FEED_URL: 'offline' });
    apps.push(app);
    expect((await fetch(`${app.url}/metrics`)).status).toBe(404);
    const ready = await fetch(`${app.url}/api/health/ready`);
    expect(await ready.json()).toMatchObject({ ready: true, source: 'bundled' });
    await app.stop();
  });
});

/** Requests in a loop over `connections` keep-alive connections until stopped. */
function loadOn(url: string, paths: string[], connections: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const result = {
    ok: 0,
    closeAnswers: 0,
    notReady: 0,
    refused: 0,
    staleSocket: 0,
    /** When (epoch ms) each new connection was reset before any answer. */
    unacceptedAt: [] as number[],
    failures: [] as string[],
    signalledAt: 0,
  };
  let running = true;
  const one = (path: string) =>
    new Promise<void>((resolve) => {
      const req = http.get(`${url}${path}`, { agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode && res.statusCode < 500) result.ok++;
          // Readiness says 503 from the start of a shutdown, on purpose.
          else if (path === '/api/health/ready' && res.statusCode === 503) result.notReady++;
          else result.failures.push(`${path}: HTTP ${res.statusCode}`);
          if (res.headers.connection === 'close') result.closeAnswers++;
          resolve();
        });
        res.on('error', (err) => {
          result.failures.push(`${path}: response ${err.message}`);
          resolve();
        });
      });
      let connectedAt = 0;
      req.on('socket', (socket) => {
        if (socket.connecting) socket.once('connect', () => (connectedAt = Date.now()));
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        // Not accepted: the listener is closed, or a keep-alive socket the server closed while
        // idle was reused (Node's documented race, `reusedSocket`): the server never read these.
        const at = Date.now() - result.signalledAt;
        if (err.code === 'ECONNREFUSED') result.refused++;
        else if (req.reusedSocket && err.code === 'ECONNRESET') result.staleSocket++;
        // Or a new connection the kernel completed but the server had not yet taken from its
        // accept queue when the listener closed: the kernel resets it (nothing came back on it).
        else if (err.code === 'ECONNRESET' && result.signalledAt)
          result.unacceptedAt.push(Date.now());
        else {
          const when = connectedAt
            ? `connected ${connectedAt - result.signalledAt} ms after SIGTERM`
            : 'not connected';
          result.failures.push(`${path}: ${err.code ?? err.message} at ${at} ms (${when})`);
        }
        resolve();
      });
    });
  const loops = Array.from({ length: connections }, async (_, i) => {
    for (let n = i; running; n++) {
      const refusedBefore = result.refused;
      await one(paths[n % paths.length]!);
      if (result.refused > refusedBefore) await new Promise((r) => setTimeout(r, 20));
    }
  });
  return {
    result,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      agent.destroy();
    },
  };
}

describe('graceful shutdown', () => {
  it('SIGTERM under load mid-crawl: no accepted request fails, exit 0 in time, restart serves from the store', async () => {
    const up = await startUpstream({ slowMs: 60_000 });
    upstreams.push(up);
    up.setItems(items(30), { pageSize: 10 });
    const cacheDir = tempCacheDir();
    const drainMs = 6000;
    const env = {
      FEED_STIX_URL: 'off',
      CACHE_DIR: cacheDir,
      FEED_TIMEOUT_MS: '60000',
      SHUTDOWN_DRAIN_MS: String(drainMs),
    };
    const app = await startApp({ ...env, FEED_URL: up.feedUrl, FEED_REFRESH_SECONDS: '2' });
    apps.push(app);
    const startedAt = app.output().length;
    await waitFor(async () => {
      const s = await status(app);
      return s.source === 'upstream' && s.refreshing === false;
    });
    // The next refresh reads changed data and stalls on page 2: a crawl under way.
    up.fault('slow', { path: '/page/2/feed.json' });
    up.setItems([...items(5, 100), ...items(30)], { pageSize: 10 });
    await waitFor(async () => {
      const s = await status(app);
      return s.refreshing !== false && s.refreshing.pagesDone >= 1;
    });

    const paths = [
      '/api/briefs',
      '/api/briefs/ops-test-3',
      '/',
      '/briefs/ops-test-7',
      '/api/health/ready',
      '/api/status',
    ];
    const load = loadOn(app.url, paths, 20);
    await waitFor(async () => load.result.ok > 40, 30_000);
    expect((await status(app)).refreshing).not.toBe(false); // still mid-crawl
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      app.process.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const signalledAt = Date.now();
    load.result.signalledAt = signalledAt;
    app.process.kill('SIGTERM');
    const exit = await exited;
    const exitMs = Date.now() - signalledAt;
    await load.stop();

    expect(exit).toEqual({ code: 0, signal: null });
    // The shutdown ends itself at drainMs; the slack is for timers firing late on a starved CI box.
    expect(exitMs).toBeLessThanOrEqual(drainMs + 1500);
    expect(load.result.failures).toEqual([]);
    expect(load.result.refused).toBeGreaterThan(0); // new connections were refused
    const lines = jsonLines(app, startedAt);
    // Resets of unread connections come when the listener closes, as the shutdown starts; the
    // idle sweep (which must never cut a connection whose request is waiting) starts a second
    // after that (closeReserveMs of the 6 s drain), by the server's own clock.
    const shutdownAt = Date.parse(
      String(lines.find((l) => l.msg === 'Shutting down: draining requests')?.time),
    );
    expect(shutdownAt).toBeGreaterThan(0);
    expect(load.result.unacceptedAt.filter((at) => at >= shutdownAt + 1000)).toEqual([]);
    expect(lines.find((l) => l.event === 'crawl' && l.outcome === 'stopped')).toBeTruthy();
    expect(lines.some((l) => l.msg === 'Shut down: exiting' && l.closed && l.drained)).toBe(true);

    // The next start with the upstream down serves every brief of the last whole crawl from the
    // store, none normalised again.
    up.fault('down');
    const next = await startApp({ ...env, FEED_URL: up.feedUrl });
    apps.push(next);
    const s = await status(next);
    expect(s.source).toBe('disk');
    expect(s.briefs).toBe(30);
    for (let i = 0; i < 30; i++)
      expect((await fetch(`${next.url}/api/briefs/ops-test-${i}`)).status).toBe(200);
    expect((await status(next)).normalizedItems).toBe(0);
    const ready = await fetch(`${next.url}/api/health/ready`);
    expect(await ready.json()).toMatchObject({ ready: true, source: 'disk' });
    await next.stop();
  }, 120_000);
});
