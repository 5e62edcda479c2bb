import { expect } from 'vitest';
import type { RequestLogEntry } from '@/dev/upstream/server';

/**
 * Splits the stand-in's request log into crawls. A crawl fetches the first page, then each
 * next page in turn, so every request for `firstPath` starts one. Requests logged before the
 * first of them belong to a crawl that was already under way when the log was reset, so they
 * are dropped: counting them would make a correct crawler look like it fetched a page twice.
 * STIX requests are not pages and are left out.
 */
export function crawlsInLog(log: readonly RequestLogEntry[], firstPath = '/feed.json'): string[][] {
  const crawls: string[][] = [];
  for (const { path } of log) {
    if (path.startsWith('/stix')) continue;
    if (path === firstPath) crawls.push([]);
    else crawls.at(-1)?.push(path);
  }
  return crawls;
}

/**
 * Asserts single flight over the crawls of a log: no page twice within one crawl (overlapping
 * crawls would interleave and do that), and every crawl but the last (which may still be
 * running) fetched exactly `nextPages`.
 */
export function expectOneFetchPerPagePerCrawl(
  crawls: readonly string[][],
  nextPages: readonly string[],
): void {
  const want = [...nextPages].sort();
  crawls.forEach((pages, i) => {
    expect(new Set(pages).size, `crawl ${i} fetched a page twice: ${JSON.stringify(pages)}`).toBe(
      pages.length,
    );
    if (i < crawls.length - 1) expect([...pages].sort(), `crawl ${i}`).toEqual(want);
  });
}
