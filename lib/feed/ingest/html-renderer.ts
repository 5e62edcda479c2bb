import 'server-only';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ContentSource, RenderedContent } from './content';
import { HtmlPool, type HtmlPoolCounts } from './html-pool';
import { InThreadRenderer } from './in-thread-renderer';
import { moduleLog } from '@/lib/ops/log';

// The process's one HTML worker pool, made on first use, and which bodies go to it. A body shorter
// than HTML_POOL_MIN_CHARS is rendered on the serving thread (in-thread-renderer.ts): through a
// worker it cost more CPU than it saved on 2 CPUs (docs/design-measurements.md), and its size
// bounds its time and memory. Longer bodies, where a hostile one could take the heap or the
// thread, go to the pool. Without a worker bundle (`next dev`, tests run before any build) or
// with HTML_POOL_THREADS=0, every body is rendered on the serving thread: the briefs come out the
// same, and the log and /api/status (`htmlPool.mode`, `htmlPool.reason`) say so.

export type ContentRenderer = (source: ContentSource) => Promise<RenderedContent>;

/** scripts/build-html-worker.mjs writes the worker here, in the production build's directory. */
const WORKER_FILE = path.join('.next', 'server', 'html-worker.mjs');

export interface HtmlPoolConfig {
  htmlPoolThreads: number;
  htmlPoolHeapMb: number;
  htmlPoolMinChars: number;
}

export interface HtmlPoolStatus extends HtmlPoolCounts {
  mode: 'workers' | 'in-thread';
  /** Why bodies are rendered on the serving thread; null with workers. */
  reason: string | null;
  threads: number;
  heapMb: number;
  /** Bodies this long or longer go to the pool (when it runs); shorter ones stay in the thread. */
  minChars: number;
  /** Bodies rendered on the serving thread. */
  renderedInThread: number;
}

let made: { pool: HtmlPool | null; reason: string | null } | undefined;
const inThread = new InThreadRenderer();

/** How this process renders a body: on the serving thread, or in the pool when it is long. */
export function contentRendererFor(config: HtmlPoolConfig): ContentRenderer {
  const pool = getHtmlPool(config);
  if (!pool) return (source) => inThread.render(source);
  return (source) =>
    (source.html ?? source.text ?? '').length < config.htmlPoolMinChars
      ? inThread.render(source)
      : pool.render(source);
}

/** The pool, or null when bodies are rendered on the serving thread (and why is logged once). */
export function getHtmlPool(config: HtmlPoolConfig): HtmlPool | null {
  made ??= makePool(config);
  return made.pool;
}

function makePool(config: HtmlPoolConfig): { pool: HtmlPool | null; reason: string | null } {
  // `next start` runs in the project directory, where the build's directory is.
  const filename = path.resolve(process.cwd(), WORKER_FILE);
  const reason =
    config.htmlPoolThreads === 0
      ? 'HTML_POOL_THREADS is 0'
      : existsSync(filename)
        ? null
        : `no HTML worker bundle at ${WORKER_FILE} (it is written by next build)`;
  if (reason) {
    moduleLog('html-pool').warn(`Item bodies are sanitised on the serving thread: ${reason}`);
    return { pool: null, reason };
  }
  const pool = new HtmlPool({
    filename,
    threads: config.htmlPoolThreads,
    heapMb: config.htmlPoolHeapMb,
  });
  return { pool, reason: null };
}

/** Shutdown: ends the pool's worker threads (tasks under way are cut). */
export async function closeHtmlPool(): Promise<void> {
  await made?.pool?.close().catch(() => undefined);
}

export function htmlPoolStatus(config: HtmlPoolConfig): HtmlPoolStatus {
  const pool = getHtmlPool(config);
  const counts = pool?.status() ?? {
    rendered: 0,
    failed: 0,
    workersLost: 0,
    workersStarted: 0,
    workersAlive: 0,
  };
  return {
    mode: pool ? 'workers' : 'in-thread',
    reason: made?.reason ?? null,
    threads: pool ? config.htmlPoolThreads : 0,
    heapMb: config.htmlPoolHeapMb,
    minChars: config.htmlPoolMinChars,
    renderedInThread: inThread.rendered,
    ...counts,
  };
}
