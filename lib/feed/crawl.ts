import 'server-only';
import {
  CrawlBudgetError,
  UpstreamFormatError,
  UpstreamLinkError,
  UpstreamTooLargeError,
  type CrawlBudget,
} from './errors';
import { parseFeedPage } from './feed-page';
import { fetchUpstreamJson, type FetchOptions, type Validators } from './http-client';

/** What the caller kept of a page from an earlier crawl, so this one can revalidate it (304). */
export interface KnownPage {
  validators: Validators;
  nextUrl: string | null;
  /** One per raw item of the page: counted against the item budget when the page answers 304. */
  entries: readonly unknown[];
}

/** A page as the crawl hands it over: its raw items, or "unchanged" (the caller keeps its own). */
export type CrawledPage =
  | {
      kind: 'fetched';
      url: string;
      validators: Validators;
      nextUrl: string | null;
      items: unknown[];
    }
  | { kind: 'not-modified'; url: string };

/** Caps on one whole crawl, beside the per-response `maxBytes` and the page cap `maxPages`. */
export interface CrawlBudgets {
  /** Bytes of every page fetched in this crawl (304s cost nothing). */
  maxTotalBytes: number;
  /** Raw items over every page, checked before a page is handed over. */
  maxItems: number;
  /** Wall time of the whole crawl, the caller's work on each page included. */
  maxMs: number;
}

export interface CrawlOptions extends Omit<FetchOptions, 'validators'> {
  maxPages: number;
  /** Unset: no whole-crawl caps (the bench). */
  budgets?: CrawlBudgets;
  /** Last crawl's pages by URL, for conditional requests. */
  previous: ReadonlyMap<string, KnownPage>;
}

/**
 * The feed's pages, one at a time, following next_url from the start page. Only URLs on the start
 * page's origin are followed, so the feed can never send the server elsewhere (no SSRF through a
 * hostile next_url). A crawl that passes any cap (pages, total bytes, items, wall time) throws
 * CrawlBudgetError: a cut crawl is never served as if it were the feed.
 */
export async function* crawlPages(
  startUrl: string,
  opts: CrawlOptions,
): AsyncGenerator<CrawledPage, void, undefined> {
  const origin = new URL(startUrl).origin;
  const seen = new Set<string>();
  const forgotten = new Set<string>();
  let url: string | null = startUrl;
  let pagesDone = 0;
  let bytesSoFar = 0;
  let itemsSoFar = 0;
  const budgets = opts.budgets;
  const deadline = budgets ? Date.now() + budgets.maxMs : Infinity;
  const stop = (budget: CrawlBudget, detail: string): never => {
    throw new CrawlBudgetError(
      budget,
      `The crawl stopped at its ${detail} after ${pagesDone} pages; the last good data is still served`,
      url ?? startUrl,
    );
  };
  const countItems = (n: number) => {
    if (budgets && itemsSoFar + n > budgets.maxItems)
      stop('items', `item budget (FEED_MAX_CRAWL_ITEMS = ${budgets.maxItems})`);
    itemsSoFar += n;
  };

  while (url) {
    if (pagesDone >= opts.maxPages) stop('pages', `page cap (FEED_MAX_PAGES = ${opts.maxPages})`);
    if (seen.has(url)) throw new UpstreamLinkError(`next_url loops back to ${url}`, url);
    seen.add(url);
    const known: KnownPage | undefined = forgotten.has(url) ? undefined : opts.previous.get(url);
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
        validators: known?.validators,
      });
    } catch (err) {
      if (err instanceof UpstreamTooLargeError && maxBytes < opts.maxBytes)
        stop('bytes', byteBudget);
      if (Date.now() >= deadline) stop('time', timeBudget);
      throw err;
    }
    const pageUrl: string = url;
    if (result.kind === 'not-modified') {
      if (!known) {
        // A 304 for a page we hold nothing for: ask again without validators.
        forgotten.add(pageUrl);
        seen.delete(pageUrl);
        continue;
      }
      countItems(known.entries.length);
      // A page kept from an earlier crawl (disk or Redis) carries its next_url unchecked: check it.
      url = known.nextUrl === null ? null : resolveNextUrl(known.nextUrl, pageUrl, origin);
      pagesDone++;
      yield { kind: 'not-modified', url: pageUrl };
      continue;
    }
    bytesSoFar += result.bytes;
    const page = parseFeedPage(result.body);
    if (!page)
      throw new UpstreamFormatError(`${pageUrl} is not a JSON Feed page (no items array)`, pageUrl);
    countItems(page.items.length);
    url = page.next_url ? resolveNextUrl(page.next_url, pageUrl, origin) : null;
    pagesDone++;
    yield {
      kind: 'fetched',
      url: pageUrl,
      validators: result.validators,
      nextUrl: url,
      items: page.items,
    };
  }
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
