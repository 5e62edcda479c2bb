import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '@/scripts/chromium.mjs';
import { median } from '@/dev/load/stats';

// What the browser pays: the gzip size of the scripts a page's HTML references, and the
// Largest Contentful Paint in the system Chromium.

export interface FirstLoadJs {
  scripts: number;
  rawBytes: number;
  gzipBytes: number;
  /** The biggest chunks, gzip bytes. */
  largest: { src: string; gzipBytes: number }[];
  /** Every chunk, biggest first. */
  chunks: { src: string; gzipBytes: number }[];
}

export async function firstLoadJs(pageUrl: string): Promise<FirstLoadJs> {
  const res = await fetch(pageUrl);
  if (!res.ok) throw new Error(`${pageUrl}: HTTP ${res.status}`);
  const html = await res.text();
  const srcs = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*?\ssrc="([^"]+)"/g))
    if (m[1]) srcs.add(m[1].replace(/&amp;/g, '&'));
  let rawBytes = 0;
  let gzipBytes = 0;
  const chunks: { src: string; gzipBytes: number }[] = [];
  for (const src of srcs) {
    const js = await fetch(new URL(src, pageUrl));
    if (!js.ok) throw new Error(`${src}: HTTP ${js.status}`);
    const body = Buffer.from(await js.arrayBuffer());
    const gzipped = gzipSync(body, { level: 9 }).length;
    rawBytes += body.length;
    gzipBytes += gzipped;
    chunks.push({ src: src.replace(/^.*\/_next\/static\//, ''), gzipBytes: gzipped });
  }
  chunks.sort((a, b) => b.gzipBytes - a.gzipBytes);
  return { scripts: srcs.size, rawBytes, gzipBytes, largest: chunks.slice(0, 3), chunks };
}

export interface PaintTiming {
  lcpMs: number;
  ttfbMs: number;
  runs: number[];
}

// A string, not a function: tsx would wrap a function's source with helpers the page lacks.
const LCP_SCRIPT = `new Promise((resolve) => {
  let lcp = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) lcp = Math.max(lcp, entry.startTime);
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  const nav = performance.getEntriesByType('navigation')[0];
  setTimeout(() => resolve({ lcp, ttfb: nav ? nav.responseStart : 0 }), 300);
})`;

/** LCP of each URL: the median of `runs` loads, each in a fresh context (empty cache). */
export async function measureLcp(urls: readonly string[], runs = 5): Promise<PaintTiming[]> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found (set CHROMIUM_PATH)');
  // Nothing but loopback resolves: the page may not reach out, and must not.
  const args = [...CHROMIUM_ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];
  const browser = await chromium.launch({ executablePath, args });
  try {
    const results: PaintTiming[] = [];
    for (const url of urls) {
      const lcps: number[] = [];
      const ttfbs: number[] = [];
      // One unmeasured load: Chromium's own first-start work is not the page's.
      for (let i = 0; i <= runs; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const res = await page.goto(url, { waitUntil: 'load' });
        if (!res?.ok()) throw new Error(`${url}: HTTP ${res?.status() ?? 'no response'}`);
        const { lcp, ttfb } = (await page.evaluate(LCP_SCRIPT)) as { lcp: number; ttfb: number };
        await context.close();
        if (i === 0) continue;
        lcps.push(lcp);
        ttfbs.push(ttfb);
      }
      results.push({ lcpMs: median(lcps), ttfbMs: median(ttfbs), runs: lcps });
    }
    return results;
  } finally {
    await browser.close();
  }
}
