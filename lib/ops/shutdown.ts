import 'server-only';
import type http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { moduleLog } from './log';
import { serverHookState } from './server-hook';

// Graceful shutdown on SIGTERM (and SIGINT): what a rolling restart needs. The server stops
// accepting connections at once and /api/health/ready answers 503; requests under way finish
// (their answers say `Connection: close`, idle keep-alive connections are closed) while the crawl
// under way stops before its next page; then the brief store is flushed and closed, the Redis
// connection closed and the HTML workers ended, and the process exits 0. All of it within
// SHUTDOWN_DRAIN_MS: what is still open at the drain's end is cut. Next.js's own handler (which
// exits 143 without waiting for the feed) is replaced.

export interface ShutdownSteps {
  drainMs: number;
  /** Stops the crawl between pages and waits for it (lease released). */
  stopCrawl: () => Promise<void>;
  /** After the drain: flush and close the store, close Redis, end the worker pool. */
  close: () => Promise<void>;
}

const KEY = Symbol.for('threat-brief-dashboard.shutdown');
type GlobalWithShutdown = typeof globalThis & { [KEY]?: { started: boolean } };

function shutdownState() {
  const g = globalThis as GlobalWithShutdown;
  g[KEY] ??= { started: false };
  return g[KEY];
}

/** True once a shutdown has begun (readiness answers 503 from then on). */
export function isShuttingDown(): boolean {
  return shutdownState().started;
}

/** Part of the drain kept for closing the store, Redis and the pool. */
function closeReserveMs(drainMs: number): number {
  return Math.min(1000, Math.floor(drainMs / 4));
}

/**
 * Stops listening; resolves once every connection has ended. Unlike http.Server#close, idle
 * connections are not cut at once: one accepted a moment ago may not have had its request read
 * yet, and cutting it would fail a request the server took (see sweepIdle).
 */
function stopListening(server: http.Server): Promise<void> {
  return new Promise((resolve) => net.Server.prototype.close.call(server, () => resolve()));
}

/**
 * After a grace, closes the connections with no request under way, again every 50 ms: by then a
 * fresh connection has sent its request, and a keep-alive client has been told `Connection: close`.
 */
function sweepIdle(servers: http.Server[], graceMs: number): () => void {
  let sweep: NodeJS.Timeout | undefined;
  const start = setTimeout(() => {
    // From the check phase: the poll phase before it has read whatever arrived meanwhile (a
    // request waiting in a socket's buffer while the loop was busy makes its connection busy).
    const closeIdle = () => setImmediate(() => servers.forEach((s) => s.closeIdleConnections()));
    closeIdle();
    sweep = setInterval(closeIdle, 50);
  }, graceMs);
  return () => {
    clearTimeout(start);
    clearInterval(sweep);
  };
}

async function shutdown(signal: string, steps: ShutdownSteps): Promise<void> {
  const state = shutdownState();
  if (state.started) return;
  state.started = true;
  const logger = moduleLog('shutdown');
  const startedAt = Date.now();
  const drainEnd = startedAt + steps.drainMs - closeReserveMs(steps.drainMs);
  logger.info({ signal, drainMs: steps.drainMs }, 'Shutting down: draining requests');
  const hook = serverHookState();
  hook.draining = true;
  const servers = [...hook.servers];
  // Connections waiting to be accepted are mostly taken in the poll phase before this check; any
  // still queued when the listener closes are reset by the kernel, unread (safe to retry).
  await new Promise((resolve) => setImmediate(resolve));
  const stopSweeping = sweepIdle(servers, closeReserveMs(steps.drainMs));
  const drained = Promise.all([...servers.map(stopListening), steps.stopCrawl()]).then(() => true);
  const inTime = await Promise.race([
    drained,
    sleep(Math.max(0, drainEnd - Date.now())).then(() => false),
  ]);
  stopSweeping();
  if (!inTime) {
    logger.warn('Drain time over: open connections are cut');
    for (const server of servers) server.closeAllConnections();
  }
  const closeBudget = Math.max(100, startedAt + steps.drainMs - Date.now());
  const closed = await Promise.race([
    steps.close().then(() => true),
    sleep(closeBudget).then(() => false),
  ]);
  logger.info(
    { durationMs: Date.now() - startedAt, drained: inTime, closed },
    'Shut down: exiting',
  );
  process.exit(0);
}

/** Installs the handler once per process, in place of Next.js's own. */
export function installShutdown(steps: ShutdownSteps): void {
  const g = globalThis as GlobalWithShutdown & { [INSTALLED]?: true };
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      shutdown(signal, steps).catch((err: unknown) => {
        moduleLog('shutdown').error({ err }, 'Shutdown failed');
        process.exit(1);
      });
    });
  }
}

const INSTALLED = Symbol.for('threat-brief-dashboard.shutdown.installed');
