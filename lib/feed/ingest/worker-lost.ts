/**
 * A body's worker thread died while rendering it: out of its heap (`HTML_POOL_HEAP_MB`) or exited.
 * The item is skipped (`out-of-memory`, else `failed`); the pool starts a new worker for the rest.
 */
export class WorkerLostError extends Error {
  constructor(
    message: string,
    readonly outOfMemory: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'WorkerLostError';
  }
}
