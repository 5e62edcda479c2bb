import {
  FEED_DESCRIPTION,
  FEED_TITLE,
  FEED_URL,
  JSON_FEED_VERSION,
  type FeedPage,
} from './feed-format';

// JSON Feed 1.1 documents like the upstream's: pages with its top-level fields and next_url in
// each of the forms the site has written over time, or one document with every item.

export interface PaginateOptions {
  /** Newer site output: absolute next_url. Older: relative (see `relative`). */
  absoluteNextUrl?: boolean;
  /** Relative form: root-relative `/page/2/feed.json` (default) or relative to the current page `../3/feed.json`. */
  relative?: 'root' | 'document';
  /** Page URLs: `/page/2/feed.json` (Hugo, default) or `/feed.json?page=2`. */
  pageUrlStyle?: 'path' | 'query';
  title?: string;
  description?: string;
  homePageUrl?: string;
  feedUrl?: string;
  language?: string;
}

/** The URL of page `n` (1-based) of a listing whose first page is `baseUrl` (`.../feed.json` or a directory URL). */
export function pageUrl(baseUrl: string, n: number, style: 'path' | 'query' = 'path'): string {
  const first = new URL(baseUrl.endsWith('/') ? `${baseUrl}feed.json` : baseUrl);
  if (n <= 1) return first.toString();
  if (style === 'query') {
    first.searchParams.set('page', String(n));
    return first.toString();
  }
  const dir = first.pathname.replace(/[^/]*$/, '');
  const file = first.pathname.slice(dir.length) || 'feed.json';
  return new URL(`${dir}page/${n}/${file}`, first).toString();
}

function relativeUrl(from: string, to: string): string {
  const a = new URL(from);
  const b = new URL(to);
  const fromDir = a.pathname.split('/').slice(0, -1);
  const toParts = b.pathname.split('/');
  let common = 0;
  while (
    common < fromDir.length &&
    common < toParts.length - 1 &&
    fromDir[common] === toParts[common]
  )
    common++;
  const up = fromDir.length - common;
  const rest = toParts.slice(common).join('/');
  return `${up > 0 ? '../'.repeat(up) : ''}${rest}${b.search}` || './';
}

/** Split items into JSON Feed 1.1 pages with the real page's top-level fields and `next_url`. */
export function paginate<T>(
  items: readonly T[],
  pageSize = 100,
  baseUrl = FEED_URL,
  options: PaginateOptions = {},
): FeedPage<T>[] {
  const size = Math.max(1, Math.floor(pageSize));
  const style = options.pageUrlStyle ?? 'path';
  const pageCount = Math.max(1, Math.ceil(items.length / size));
  const base = new URL(baseUrl);
  const pages: FeedPage<T>[] = [];
  for (let n = 1; n <= pageCount; n++) {
    const page: FeedPage<T> = {
      description: options.description ?? FEED_DESCRIPTION,
      feed_url: options.feedUrl ?? baseUrl,
      home_page_url: options.homePageUrl ?? `${base.origin}/`,
      items: items.slice((n - 1) * size, n * size),
      language: options.language ?? 'en',
      title: options.title ?? FEED_TITLE,
      version: JSON_FEED_VERSION,
    };
    if (n < pageCount) {
      const next = pageUrl(baseUrl, n + 1, style);
      if (options.absoluteNextUrl) page.next_url = next;
      else if (options.relative === 'document')
        page.next_url = relativeUrl(pageUrl(baseUrl, n, style), next);
      else {
        const u = new URL(next);
        page.next_url = `${u.pathname}${u.search}`;
      }
    }
    // Keep the upstream's alphabetical key order (next_url between language and title).
    pages.push(
      page.next_url === undefined
        ? page
        : {
            description: page.description,
            feed_url: page.feed_url,
            home_page_url: page.home_page_url,
            items: page.items,
            language: page.language,
            next_url: page.next_url,
            title: page.title,
            version: page.version,
          },
    );
  }
  return pages;
}

/** One JSON Feed document holding every item, no next_url (the bundled demo snapshot). */
export function toFeedDocument<T>(
  items: readonly T[],
  baseUrl = FEED_URL,
  options: PaginateOptions = {},
): FeedPage<T> {
  const [page] = paginate(items, Math.max(1, items.length), baseUrl, options);
  if (!page) throw new Error('toFeedDocument: no page');
  return page;
}
