import type { BenchFeed } from '@/dev/load/feed';
import { briefPagePaths, listPagePaths } from '@/dev/load/scenarios';
import { firstLoadJs, measureLcp, type FirstLoadJs, type PaintTiming } from './client';
import { measureTtfb, type TtfbResult } from './ttfb';

// The earlier page targets: TTFB one request at a time, first-load JS and LCP in Chromium.

export interface PageFigures {
  listTtfb: TtfbResult;
  briefTtfb: TtfbResult;
  js: { page: string; js: FirstLoadJs }[];
  lcp: PaintTiming[];
  lcpError: string | null;
}

export const PAGE_NAMES = ['/', '/briefs/{slug}'] as const;

export async function measurePages(url: string, feed: BenchFeed): Promise<PageFigures> {
  const listUrls = listPagePaths(feed, 200).map((p) => `${url}${p}`);
  const briefUrls = briefPagePaths(feed, 100).map((p) => `${url}${p}`);
  const listTtfb = await measureTtfb(listUrls, 20);
  const briefTtfb = await measureTtfb([...briefUrls, ...briefUrls], briefUrls.length);
  for (const [name, r] of [
    ['list', listTtfb],
    ['brief', briefTtfb],
  ] as const)
    if (Object.keys(r.statuses).some((s) => s !== '200'))
      throw new Error(`${name} pages answered ${JSON.stringify(r.statuses)}`);
  const pageUrls = [`${url}/`, briefUrls[0]!];
  const js = [];
  for (const [i, page] of PAGE_NAMES.entries())
    js.push({ page, js: await firstLoadJs(pageUrls[i]!) });
  let lcp: PaintTiming[] = [];
  let lcpError: string | null = null;
  try {
    lcp = await measureLcp(pageUrls, 3);
  } catch (error) {
    lcpError = error instanceof Error ? error.message : String(error);
  }
  return { listTtfb, briefTtfb, js, lcp, lcpError };
}
