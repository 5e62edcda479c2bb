import { UpstreamFormatError, UpstreamLinkError } from './errors';
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

export interface CrawlOptions<T> extends Omit<FetchOptions, 'validators'> {
  maxPages: number;
  /** Last crawl's pages by URL, for conditional requests. */
  previous: Map<string, PageRecord<T>>;
  /** Turns a fetched page's raw items into what the caller keeps (normalised briefs). */
  toEntries: (items: unknown[]) => T[];
  onPage?: (pagesDone: number, entriesSoFar: number) => void;
}

export interface CrawlResult<T> {
  pages: PageRecord<T>[];
  notModified: number;
  truncated: boolean; // stopped at maxPages with a next_url still ahead
}

/**
 * Follows next_url from the start page. Only URLs on the start page's origin are followed, so
 * the feed can never send the server elsewhere (no SSRF through a hostile next_url).
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

  while (url && pages.length < opts.maxPages) {
    if (seen.has(url)) throw new UpstreamLinkError(`next_url loops back to ${url}`, url);
    // A page kept from an earlier crawl (disk or Redis snapshot) carries its next_url unchecked here.
    if (url !== startUrl) resolveNextUrl(url, url, origin);
    seen.add(url);
    const cached = opts.previous.get(url);
    const result = await fetchUpstreamJson(url, { ...opts, validators: cached?.validators });
    let record: PageRecord<T>;
    if (result.kind === 'not-modified' && cached) {
      notModified++;
      record = cached;
    } else if (result.kind === 'ok') {
      const page = parseFeedPage(result.body);
      if (!page)
        throw new UpstreamFormatError(`${url} is not a JSON Feed page (no items array)`, url);
      record = {
        url,
        validators: result.validators,
        nextUrl: page.next_url ? resolveNextUrl(page.next_url, url, origin) : null,
        entries: opts.toEntries(page.items),
      };
    } else {
      // A 304 for a page we hold nothing for: ask again without validators.
      opts.previous.delete(url);
      seen.delete(url);
      continue;
    }
    pages.push(record);
    entriesSoFar += record.entries.length;
    opts.onPage?.(pages.length, entriesSoFar);
    url = record.nextUrl;
  }
  return { pages, notModified, truncated: url !== null };
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
