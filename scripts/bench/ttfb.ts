import { summarize, type Summary } from '@/dev/load/stats';

// Sequential requests: time to the response headers (what fetch resolves on) and to the last byte.

export interface TtfbResult {
  ttfb: Summary;
  total: Summary;
  bytes: number;
  statuses: Record<string, number>;
}

export async function measureTtfb(urls: readonly string[], warmup = 0): Promise<TtfbResult> {
  for (const url of urls.slice(0, warmup)) await (await fetch(url)).arrayBuffer();
  const ttfb: number[] = [];
  const total: number[] = [];
  const statuses: Record<string, number> = {};
  let bytes = 0;
  for (const url of urls) {
    const t0 = performance.now();
    const res = await fetch(url);
    const t1 = performance.now();
    const body = await res.arrayBuffer();
    const t2 = performance.now();
    ttfb.push(t1 - t0);
    total.push(t2 - t0);
    bytes += body.byteLength;
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  }
  return {
    ttfb: summarize(ttfb),
    total: summarize(total),
    bytes: bytes / Math.max(1, urls.length),
    statuses,
  };
}
