import {
  CrawlBudgetError,
  UpstreamFormatError,
  UpstreamLinkError,
  UpstreamTooLargeError,
  type CrawlBudget,
} from './errors';
import { parseFeedPage } from './feed-page';
import { fetchUpstreamJson, type FetchOptions, type Validators } from './http-client';

/** What a crawl remembers of a page so the next crawl can revalidate it with a 304. */
export interface PageRecord<T> {
  url: string;
  validators: Validators;
  nextUrl: string | null;
  /** The page's items after the caller's `toEntries`: kept so a 304 reuses them. */
  entries: T[];
}

/** Caps on one whole crawl, beside the per-response `maxBytes` and the page cap `maxPages`. */
export interface CrawlBudgets {
  /** Bytes of every page fetched in this crawl (304s cost nothing). */
  maxTotalBytes: number;
  /** Raw items over every page, checked before a page is normalised. */
  maxItems: number;
  /** Wall time of the whole crawl; the request under way is cut at the deadline. */
  maxMs: number;
}

export interface CrawlOptions<T> extends Omit<FetchOptions, 'validators'> {
  maxPages: number;
  /** Unset: no whole-crawl caps (the bench). */
  budgets?: CrawlBudgets;
  /** Last crawl's pages by URL, for conditional requests. */
  previous: Map<string, PageRecord<T>>;
  /** Turns a fetched page's raw items into what the caller keeps (normalised briefs). */
  toEntries: (items: unknown[]) => T[] | Promise<T[]>;
  onPage?: (pagesDone: number, entriesSoFar: number) => void;
}

export interface CrawlResult<T> {
  pages: PageRecord<T>[];
  notModified: number;
}

/**
 * Follows next_url from the start page. Only URLs on the start page's origin are followed, so
 * the feed can never send the server elsewhere (no SSRF through a hostile next_url). A crawl that
 * passes any cap (pages, total bytes, items, wall time) throws CrawlBudgetError: a cut crawl is
 * never served as if it were the feed.
 */
export async function crawlFeed<T>(
  startUrl: string,
  opts: CrawlOptions<T>,
): Promise<CrawlResult<T>> {
  const origin = new URL(startUrl).origin;
  const pages: PageRecord<T>[] = [];
  const seen = new Set<string>();
  let url: string | null = startUrl;
  let notModified = 0;
  let entriesSoFar = 0;
  let bytesSoFar = 0;
  let itemsSoFar = 0;
  const budgets = opts.budgets;
  const deadline = budgets ? Date.now() + budgets.maxMs : Infinity;
  const stop = (budget: CrawlBudget, detail: string): never => {
    throw new CrawlBudgetError(
      budget,
      `The crawl stopped at its ${detail} after ${pages.length} pages; the last good data is still served`,
      url ?? startUrl,
    );
  };

  while (url) {
    if (pages.length >= opts.maxPages)
      stop('pages', `page cap (FEED_MAX_PAGES = ${opts.maxPages})`);
    if (seen.has(url)) throw new UpstreamLinkError(`next_url loops back to ${url}`, url);
    // A page kept from an earlier crawl (disk or Redis snapshot) carries its next_url unchecked here.
    if (url !== startUrl) resolveNextUrl(url, url, origin);
    seen.add(url);
    const cached = opts.previous.get(url);
    const remainingMs = deadline - Date.now();
    const timeBudget = `time budget (FEED_MAX_CRAWL_SECONDS = ${Math.round((budgets?.maxMs ?? 0) / 1000)})`;
    if (remainingMs <= 0) stop('time', timeBudget);
    // The byte budget also caps this one response, so a page that would pass it is cut mid-stream.
    const remainingBytes = budgets ? budgets.maxTotalBytes - bytesSoFar : Infinity;
    const byteBudget = `byte budget (FEED_MAX_CRAWL_BYTES = ${megabytes(budgets?.maxTotalBytes ?? 0)})`;
    const maxBytes = Math.max(0, Math.min(opts.maxBytes, remainingBytes));
    let result;
    try {
      result = await fetchUpstreamJson(url, {
        ...opts,
        maxBytes,
        timeoutMs: Math.max(1, Math.min(opts.timeoutMs, remainingMs)),
        validators: cached?.validators,
      });
    } catch (err) {
      if (err instanceof UpstreamTooLargeError && maxBytes < opts.maxBytes)
        stop('bytes', byteBudget);
      if (Date.now() >= deadline) stop('time', timeBudget);
      throw err;
    }
    let record: PageRecord<T>;
    if (result.kind === 'not-modified' && cached) {
      notModified++;
      record = cached;
    } else if (result.kind === 'ok') {
      bytesSoFar += result.bytes;
      const page = parseFeedPage(result.body);
      if (!page)
        throw new UpstreamFormatError(`${url} is not a JSON Feed page (no items array)`, url);
      if (budgets && itemsSoFar + page.items.length > budgets.maxItems)
        stop('items', `item budget (FEED_MAX_CRAWL_ITEMS = ${budgets.maxItems})`);
      itemsSoFar += page.items.length;
      record = {
        url,
        validators: result.validators,
        nextUrl: page.next_url ? resolveNextUrl(page.next_url, url, origin) : null,
        entries: await opts.toEntries(page.items),
      };
    } else {
      // A 304 for a page we hold nothing for: ask again without validators.
      opts.previous.delete(url);
      seen.delete(url);
      continue;
    }
    if (record === cached) {
      if (budgets && itemsSoFar + cached.entries.length > budgets.maxItems)
        stop('items', `item budget (FEED_MAX_CRAWL_ITEMS = ${budgets.maxItems})`);
      itemsSoFar += cached.entries.length;
    }
    pages.push(record);
    entriesSoFar += record.entries.length;
    opts.onPage?.(pages.length, entriesSoFar);
    url = record.nextUrl;
  }
  return { pages, notModified };
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

/** next_url is relative in older output and absolute in newer: resolve against the page's URL. */
export function resolveNextUrl(next: string, pageUrl: string, origin: string): string {
  let resolved: URL;
  try {
    resolved = new URL(next, pageUrl);
  } catch (err) {
    throw new UpstreamLinkError(`next_url ${JSON.stringify(next)} is not a URL`, pageUrl, {
      cause: err,
    });
  }
  if (resolved.protocol !== 'http:' && resolved.protocol !== 'https:') {
    throw new UpstreamLinkError(
      `next_url uses ${resolved.protocol} (only http(s) is followed)`,
      pageUrl,
    );
  }
  if (resolved.origin !== origin) {
    throw new UpstreamLinkError(`next_url leaves the feed's origin (${resolved.origin})`, pageUrl);
  }
  resolved.hash = '';
  return resolved.toString();
}
