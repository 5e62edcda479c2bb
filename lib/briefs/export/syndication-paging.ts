import type { FilterError } from '@/lib/briefs/filter/types';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { toListHref } from '@/lib/briefs/filter/edit';

// Paging of the RSS and Atom feeds (RFC 5005 section 3, "paged feeds"): `page` (from 1) and
// `limit` (items a page, SYNDICATION_LIMIT by default, at most SYNDICATION_MAX_LIMIT); each
// document links its first, previous, next and last page, so a reader that follows `next`
// reaches every brief of the view.

export const SYNDICATION_LIMIT = 100;
export const SYNDICATION_MAX_LIMIT = 500;

export type ParsedLimit = { ok: true; limit: number } | { ok: false; error: FilterError };

/** `limit` of a feed request: absent for the default, else a whole number up to the cap. */
export function parseSyndicationLimit(params: URLSearchParams): ParsedLimit {
  const all = params.getAll('limit');
  if (all.length === 0) return { ok: true, limit: SYNDICATION_LIMIT };
  const raw = all[0]!;
  const n = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (all.length > 1 || !(n >= 1 && n <= SYNDICATION_MAX_LIMIT)) {
    return {
      ok: false,
      error: {
        parameter: 'limit',
        message: `must be one whole number from 1 to ${SYNDICATION_MAX_LIMIT} (got ${JSON.stringify(all.join(',').slice(0, 60))})`,
      },
    };
  }
  return { ok: true, limit: n };
}

export interface FeedPage {
  page: number;
  limit: number;
  total: number;
}

export interface FeedPageLinks {
  self: string;
  first: string;
  last: string;
  previous: string | null;
  next: string | null;
}

/** The links of one page of a feed at `path`, absolute, with the view's filter kept. */
export function toFeedPageLinks(
  origin: string,
  path: string,
  filter: BriefFilter,
  { page, limit, total }: FeedPage,
): FeedPageLinks {
  const pages = Math.max(1, Math.ceil(total / limit));
  const href = (n: number) => {
    const base = toListHref(filter, { page: n }, path);
    const withLimit =
      limit === SYNDICATION_LIMIT ? base : `${base}${base.includes('?') ? '&' : '?'}limit=${limit}`;
    return `${origin}${withLimit}`;
  };
  return {
    self: href(page),
    first: href(1),
    last: href(pages),
    previous: page > 1 ? href(Math.min(page - 1, pages)) : null,
    next: page < pages ? href(page + 1) : null,
  };
}
