import 'server-only';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { renderContent, type ContentSource, type RenderedContent } from './content';

// Renders bodies on the serving thread one at a time, handing the thread back to the event loop
// whenever a slice of rendering has run, so requests that arrive during a crawl wait for at most
// one slice and one body, never for a page of them. Bodies sent here are small (html-renderer.ts
// sends larger ones to the worker pool), which bounds the time and memory one of them can take.

/** Rendering this long without a break yields to the event loop before the next body. */
const SLICE_MS = 2;

export class InThreadRenderer {
  private queue: Promise<unknown> = Promise.resolve();
  private sliceStart = performance.now();
  private count = 0;

  /** Bodies rendered here so far. */
  get rendered(): number {
    return this.count;
  }

  render(source: ContentSource): Promise<RenderedContent> {
    const turn = this.queue.then(async () => {
      if (performance.now() - this.sliceStart >= SLICE_MS) {
        await nextTurn();
        this.sliceStart = performance.now();
      }
      const rendered = renderContent(source);
      this.count++;
      return rendered;
    });
    // One body's failure is its own: the next one still runs.
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}
