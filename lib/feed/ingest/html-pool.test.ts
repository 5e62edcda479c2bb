import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TechniqueCatalog, ENTERPRISE_TACTICS } from '@/lib/briefs/attack/catalog';
import { fixture as basic } from '@/dev/fixtures/basic';
import { fixture as hostile, hostileItems } from '@/dev/fixtures/hostile';
import { fixture as malformed } from '@/dev/fixtures/malformed';
import { fixture as v1 } from '@/dev/fixtures/v1';
import { synthFeed } from '@/dev/synth';
import { buildHtmlWorker } from '@/scripts/build-html-worker.mjs';
import { renderContent, type ContentSource } from './content';
import { itemKeyOf, normalizeEntryRendered, toEntry } from './entries';
import { HtmlPool } from './html-pool';
import type { NormalizeContext } from './normalize';
import { WorkerLostError } from './worker-lost';

// The pool with the real worker, bundled as the production build bundles it: every fixture's
// bodies come back exactly as the serving thread renders them, and a body that runs its worker
// out of memory costs that body only.

const ctx: NormalizeContext = {
  catalog: new TechniqueCatalog({
    source: 'test',
    attackVersion: null,
    tactics: ENTERPRISE_TACTICS.slice(),
    techniques: [],
  }),
};

let dir: string;
let filename: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'html-worker-'));
  filename = await buildHtmlWorker(dir);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const items: unknown[] = [
  ...(basic.items ?? []),
  ...hostileItems,
  ...(hostile.items ?? []),
  ...(malformed.items ?? []),
  ...(v1.items ?? []),
  ...synthFeed({ count: 120, seed: 7 }).items,
];

/** Many small elements: legal HTML within LIMITS.contentHtml whose trees outgrow a 16 MB heap. */
const HUGE_HTML = '<p><b>x</b></p>'.repeat(33_000);

describe('HTML worker pool', () => {
  it('renders every fixture body byte-identical to the serving thread, in worker threads', async () => {
    const pool = new HtmlPool({ filename, threads: 2, heapMb: 64 });
    try {
      const sources = items.flatMap((raw): ContentSource[] => {
        const item = raw as { content_html?: unknown; content_text?: unknown } | null;
        if (!item || typeof item !== 'object') return [];
        const html = typeof item.content_html === 'string' ? item.content_html : undefined;
        const text = typeof item.content_text === 'string' ? item.content_text : undefined;
        return html ? [{ html }] : text ? [{ text }] : [];
      });
      expect(sources.length).toBeGreaterThan(150);
      const rendered = await Promise.all(sources.map((s) => pool.render(s)));
      for (const [i, source] of sources.entries()) {
        expect(JSON.stringify(rendered[i])).toBe(JSON.stringify(renderContent(source)));
      }
      const status = pool.status();
      expect(status.rendered).toBe(sources.length);
      expect(status.workersStarted).toBe(2);
      expect(status.failed).toBe(0);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('normalises every fixture item to the same entry as toEntry', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const pool = new HtmlPool({ filename, threads: 2, heapMb: 64 });
    try {
      const viaPool = await Promise.all(
        // As a crawl does: the depth check with the item's key, then the body in the pool.
        items.map((raw) => {
          const keyed = itemKeyOf(raw, null);
          return 'skip' in keyed ? keyed : normalizeEntryRendered(raw, ctx, (s) => pool.render(s));
        }),
      );
      const inThread = items.map((raw) => toEntry(raw, ctx));
      expect(JSON.stringify(viaPool)).toBe(JSON.stringify(inThread));
      expect(inThread.filter((e) => 'brief' in e).length).toBeGreaterThan(150);
    } finally {
      error.mockRestore();
      await pool.close();
    }
  }, 60_000);

  it('loses only the item that runs its worker out of memory; a new worker renders the next', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const pool = new HtmlPool({ filename, threads: 1, heapMb: 16 });
    try {
      expect(await pool.render({ html: '<p>before</p>' })).toMatchObject({ text: 'before' });
      const crash = pool.render({ html: HUGE_HTML });
      const after = pool.render({ html: '<p>after</p>' });
      const lost = await crash.catch((err: unknown) => err);
      expect(lost).toBeInstanceOf(WorkerLostError);
      expect((lost as WorkerLostError).outOfMemory).toBe(true);
      expect(await after).toMatchObject({ text: 'after' });
      const entry = await normalizeEntryRendered(
        { id: '/briefs/huge-body/', title: 'Huge', content_html: HUGE_HTML },
        ctx,
        (s) => pool.render(s),
      );
      expect(entry).toEqual({ skip: 'out-of-memory', name: 'huge-body' });
      expect(await pool.render({ html: '<p>again</p>' })).toMatchObject({ text: 'again' });
      // One worker per crash plus the first: each crash cost its worker, a new one took over.
      expect(pool.status()).toMatchObject({
        rendered: 3,
        failed: 2,
        workersLost: 2,
        workersStarted: 3,
      });
    } finally {
      error.mockRestore();
      await pool.close();
    }
  }, 60_000);

  it('stops a body that runs past the task timeout, ending its worker', async () => {
    const pool = new HtmlPool({ filename, threads: 1, heapMb: 64, taskTimeoutMs: 150 });
    try {
      const lost = await pool.render({ html: HUGE_HTML }).catch((err: unknown) => err);
      expect(lost).toBeInstanceOf(WorkerLostError);
      expect((lost as WorkerLostError).outOfMemory).toBe(false);
      expect((lost as Error).message).toMatch(/stopped after 150 ms/);
      expect(pool.status()).toMatchObject({ rendered: 0, failed: 1, workersLost: 1 });
    } finally {
      await pool.close();
    }
  }, 60_000);
});
