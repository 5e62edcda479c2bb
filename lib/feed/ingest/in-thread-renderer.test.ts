import { describe, expect, it } from 'vitest';
import { renderContent } from './content';
import { InThreadRenderer } from './in-thread-renderer';

const body = (i: number) =>
  `<h2>Overview</h2><p>Body ${i} ${'word '.repeat(400)}<script>alert(1)</script></p>`;

describe('InThreadRenderer', () => {
  it('renders as renderContent does, in the order asked, and counts', async () => {
    const renderer = new InThreadRenderer();
    const sources = [1, 2, 3].map((i) => ({ html: body(i) }));
    const rendered = await Promise.all(sources.map((s) => renderer.render(s)));
    expect(rendered).toEqual(sources.map((s) => renderContent(s)));
    expect(rendered[0]?.html).not.toContain('<script');
    expect(renderer.rendered).toBe(3);
  });

  it('hands the thread back to the event loop during a long run of bodies', async () => {
    const renderer = new InThreadRenderer();
    const done: number[] = [];
    const all = Array.from({ length: 400 }, (_, i) =>
      renderer.render({ html: body(i) }).then(() => done.push(i)),
    );
    // A request arriving now must not wait for the 400 bodies: its turn comes between slices.
    const answeredAfter = await new Promise<number>((resolve) =>
      setImmediate(() => resolve(done.length)),
    );
    await Promise.all(all);
    expect(answeredAfter).toBeLessThan(400);
    expect(done).toEqual([...done].sort((a, b) => a - b));
  });

  it('a body that throws costs only itself', async () => {
    const renderer = new InThreadRenderer();
    const bad = { html: body(1) };
    Object.defineProperty(bad, 'html', {
      get() {
        throw new Error('hostile getter');
      },
    });
    const results = await Promise.allSettled([
      renderer.render({ html: body(0) }),
      renderer.render(bad),
      renderer.render({ html: body(2) }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
