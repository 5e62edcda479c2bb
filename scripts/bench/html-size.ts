import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getStatus, startBenchApp, stopBenchApp } from '@/dev/load/app';
import { buildFeed, startFeedUpstream } from '@/dev/load/feed';

// npx tsx scripts/bench/html-size.ts [count] [outDir]: serves a synthetic feed of `count` briefs
// once and breaks the HTML of the pages down (visible markup, RSC flight payload, inputs,
// elements), so a change to a page can be measured without a whole quick-scale run. Writes each
// page's HTML to outDir (default /tmp/html-size) for a closer look.

const COUNT = Number(process.argv[2] ?? 10_000);
const OUT = process.argv[3] ?? '/tmp/html-size';
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

interface Breakdown {
  total: number;
  flight: number;
  otherScripts: number;
  markup: number;
  inputs: number;
  elements: number;
}

/** Splits a page into the RSC flight payload (`self.__next_f.push` scripts), other scripts and the rest. */
export function breakDown(html: string): Breakdown {
  let flight = 0;
  let otherScripts = 0;
  for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    const bytes = Buffer.byteLength(m[0]);
    if (m[1]!.includes('self.__next_f')) flight += bytes;
    else otherScripts += bytes;
  }
  const total = Buffer.byteLength(html);
  const withoutScripts = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '');
  return {
    total,
    flight,
    otherScripts,
    markup: total - flight - otherScripts,
    inputs: (withoutScripts.match(/<input\b/g) ?? []).length,
    elements: (withoutScripts.match(/<[a-zA-Z][^>]*>/g) ?? []).length,
  };
}

const feed = buildFeed(COUNT);
const upstream = await startFeedUpstream(feed);
// A generous timeout: on a busy machine one page of the stand-in can take more than the default.
const bench = await startBenchApp(upstream.feedUrl, { FEED_TIMEOUT_MS: '60000' });
try {
  const { url } = bench.app;
  for (let deadline = Date.now() + 20 * 60_000; ;) {
    const s = await getStatus(url).catch(() => null);
    if (s && s.source === 'upstream' && s.briefs >= COUNT && !s.refreshing) break;
    if (s && !s.refreshing && s.upstream.lastError) throw new Error(s.upstream.lastError);
    if (Date.now() > deadline) throw new Error('ingest did not finish');
    await new Promise((r) => setTimeout(r, 200));
  }
  mkdirSync(OUT, { recursive: true });
  const pages: Record<string, string> = {
    list: '/',
    'list-q': `/?q=${feed.words[0]}`,
    'list-vendor': `/?vendor=${encodeURIComponent(feed.vendors[0]!)}&tag=${encodeURIComponent(feed.tags[0]!)}`,
    'list-page2': '/?page=2',
    attack: '/attack',
    trends: '/trends',
    brief: `/briefs/${feed.slugs[0]}`,
    'facet-tag': '/facets/tag',
  };
  for (const [name, p] of Object.entries(pages)) {
    const res = await fetch(`${url}${p}`);
    const html = await res.text();
    writeFileSync(path.join(OUT, `${name}.html`), html);
    const b = breakDown(html);
    console.log(
      `${name.padEnd(12)} ${String(res.status)} total ${kb(b.total).padStart(9)}  markup ${kb(b.markup).padStart(9)}  flight ${kb(b.flight).padStart(9)}  scripts ${kb(b.otherScripts).padStart(7)}  inputs ${b.inputs}  elements ${b.elements}`,
    );
  }
  if (process.env.KEEP) {
    console.log(`serving at ${url}; Ctrl-C to stop`);
    await new Promise(() => {});
  }
} finally {
  await stopBenchApp(bench);
  await upstream.close();
}
