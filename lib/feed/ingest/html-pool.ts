import 'server-only';
import { Piscina } from 'piscina';
import type { ContentSource, RenderedContent } from './content';
import { WorkerLostError } from './worker-lost';
import { moduleLog } from '@/lib/ops/log';
import { metrics } from '@/lib/ops/metrics';

// The pool of worker threads that parse, sanitise and section item bodies (html-worker.ts), so a
// crawl never holds the serving thread for the length of a page. Small and bounded: a few threads,
// each with a capped heap, that exit when idle (their memory goes back), and at most one task per
// thread handed over at a time, so nothing piles up in the pool's queue.

export interface HtmlPoolOptions {
  /** The bundled worker (scripts/build-html-worker.mjs). */
  filename: string;
  threads: number;
  /** Max old-generation heap of each worker; a body that needs more costs only that item. */
  heapMb: number;
  /** A worker idle this long exits. */
  idleMs?: number;
  /** A task running longer is stopped (its worker ended); TASK_TIMEOUT_MS when unset. */
  taskTimeoutMs?: number;
}

export interface HtmlPoolCounts {
  /** Bodies rendered by a worker thread. */
  rendered: number;
  /** Bodies whose task failed (thrown in the worker, or the worker died). */
  failed: number;
  /** Workers that died under a task (out of memory, exit); piscina starts new ones. */
  workersLost: number;
  /** Worker threads started so far (a crawl starts them, idleness ends them). */
  workersStarted: number;
  /** Worker threads alive now. */
  workersAlive: number;
}

const DEFAULT_IDLE_MS = 5_000;
/**
 * A body is a few kB to 500 kB: a small nursery is enough, and a larger one only adds RSS
 * (docs/design-measurements.md).
 */
const YOUNG_GENERATION_MB = 4;
/**
 * A body renders in milliseconds; one still running after this is stopped (piscina ends its
 * worker), so nothing can hold a crawl forever, not even a worker that never starts.
 */
const TASK_TIMEOUT_MS = 30_000;

export class HtmlPool {
  private readonly pool: Piscina<ContentSource, RenderedContent>;
  /** Tasks handed to piscina and not settled: at most one per thread. */
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly counts = { rendered: 0, failed: 0, workersLost: 0, workersStarted: 0 };

  constructor(readonly options: HtmlPoolOptions) {
    this.pool = new Piscina({
      filename: options.filename,
      minThreads: 0,
      maxThreads: options.threads,
      idleTimeout: options.idleMs ?? DEFAULT_IDLE_MS,
      // A guard: `render` never has more tasks out than threads, so only tasks waiting for a
      // starting worker are ever queued here.
      maxQueue: options.threads,
      concurrentTasksPerWorker: 1,
      resourceLimits: {
        maxOldGenerationSizeMb: options.heapMb,
        maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
      },
    });
    this.pool.on('workerCreate', () => this.counts.workersStarted++);
    // A worker that fails with no task under way: logged, never an unhandled 'error' event.
    this.pool.on('error', (err: unknown) =>
      moduleLog('html-pool').error(`HTML worker failed between tasks: ${describe(err)}`),
    );
  }

  /** Renders one body in a worker. Rejects with WorkerLostError when the worker died under it. */
  async render(source: ContentSource): Promise<RenderedContent> {
    await this.slot();
    try {
      const signal = AbortSignal.timeout(this.options.taskTimeoutMs ?? TASK_TIMEOUT_MS);
      const rendered = await this.pool.run(source, { signal });
      this.counts.rendered++;
      metrics().htmlPoolTasks.inc({ result: 'rendered' });
      return rendered;
    } catch (err) {
      this.counts.failed++;
      metrics().htmlPoolTasks.inc({ result: 'failed' });
      const lost = lostWorker(err, this.options.taskTimeoutMs ?? TASK_TIMEOUT_MS);
      if (!lost) throw err;
      this.counts.workersLost++;
      metrics().htmlPoolWorkersLost.inc();
      throw lost;
    } finally {
      this.release();
    }
  }

  status(): HtmlPoolCounts {
    return { ...this.counts, workersAlive: this.pool.threads.length };
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }

  /** One task per thread: a settled task hands its slot to the next waiting one. */
  private async slot(): Promise<void> {
    if (this.running < this.options.threads) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

/** The worker died under the task (Node's out-of-memory error, or piscina's exit error). */
function lostWorker(err: unknown, timeoutMs: number): WorkerLostError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY')
    return new WorkerLostError('the HTML worker ran out of memory', true, { cause: err });
  if (err instanceof Error && /^worker exited with code/i.test(err.message))
    return new WorkerLostError(`the HTML worker exited (${err.message})`, false, { cause: err });
  if (err instanceof Error && err.name === 'AbortError')
    return new WorkerLostError(
      `the HTML worker was stopped after ${timeoutMs} ms on one body`,
      false,
      { cause: err },
    );
  return null;
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message.slice(0, 200)}` : 'unknown error';
}
