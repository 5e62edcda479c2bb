import 'server-only';
import {
  dataVersionOf,
  exportHeaders,
  isNotModified,
  notModified,
  toValidators,
  withCors,
} from '@/lib/api/export-response';
import { forContentCoding } from '@/lib/api/content-coding';
import { badRequest } from '@/lib/api/responses';
import { exportCacheControl } from '@/lib/api/shared-cache';
import type { Sort } from '@/lib/briefs/filter/types';
import { filterToSearchParams, parseBriefFilter, parseViewFilter } from '@/lib/briefs/filter/url';
import {
  describeSource,
  selectBriefs,
  toRequestOrigin,
  type BriefSelection,
} from '@/lib/briefs/select';
import { getServedFeed, type ServedFeed } from '@/lib/serving/served-feed';
import { getCveSignals } from '@/lib/signals/signal-store';
import type { CveSignals } from '@/lib/signals/types';

// The shared start of every export of a filtered view (CSV, feeds, Navigator layer, STIX): the
// request's filter (400 naming a bad parameter; unknown parameters such as utm_source are ignored,
// as pages ignore them), a 304 when the reader already has this answer, the matching briefs, and
// where they come from.

export interface ViewExport {
  selection: BriefSelection;
  /** This app's public origin, for links in the export. */
  origin: string;
  /** One line on the data's source and freshness. */
  source: string;
  /** The page asked for: 1 unless the export pages (`pageSize` given). */
  page: number;
  /** When this data version was fetched (the Last-Modified). */
  modifiedAt: Date;
  /** ETag, Last-Modified, Cache-Control and CORS headers for the answer. */
  headers: Record<string, string>;
  /** For an export that also needs bodies. */
  store: ServedFeed;
  /** KEV and EPSS of the briefs' CVEs (lib/signals/), as of this answer. */
  signals: CveSignals;
}

export async function selectViewForExport(
  request: Request,
  opts: { limit?: number; sort?: Sort; pageSize?: number } = {},
): Promise<ViewExport | Response> {
  const url = new URL(request.url);
  const parsed = opts.pageSize
    ? parsePagedFilter(url.searchParams)
    : parseViewFilter(url.searchParams, { allowUnknown: true });
  if (!parsed.ok) return withCors(badRequest(parsed.error));
  const page = opts.pageSize ? parsed.filter.page : 1;
  const store = await getServedFeed();
  const origin = store.config.publicOrigin ?? toRequestOrigin(request);
  const block = store.getSourceBlock();
  const data = dataVersionOf(store.getBriefs(), store.getBodiesVersion(), block.fetchedAt);
  const query = filterToSearchParams({ ...parsed.filter, page });
  // Everything the bytes depend on besides the data: the export, the view, the origin in its
  // links, and the source line (whether the data is stale or from disk, and when it was fetched).
  const key = [
    url.pathname,
    query.toString(),
    String(opts.pageSize ?? ''),
    opts.sort ?? '',
    origin,
    block.source,
    block.stale,
    data.modifiedAt.toISOString(),
    // KEV and EPSS change apart from the feed: a new EPSS day is new bytes.
    `signals:${getCveSignals().version}`,
  ];
  const validators = forContentCoding(request, toValidators(data, key.join('\n')));
  const cacheControl = exportCacheControl(store.config.publicOrigin, store.config.refreshSeconds);
  if (isNotModified(request, validators)) {
    const unchanged = notModified(validators);
    unchanged.headers.set('cache-control', cacheControl);
    return unchanged;
  }
  // A 304 needs no search: only what is sent waits for the text index.
  await store.readyFor(parsed.filter);
  const limit = opts.pageSize ? page * opts.pageSize : opts.limit;
  return {
    selection: selectBriefs(store, parsed.filter, { limit, sort: opts.sort }),
    origin,
    // The time of this data version, not of the last unchanged refresh: the bytes stay the same.
    source: describeSource(
      { ...block, fetchedAt: data.modifiedAt.toISOString() },
      store.config.feedUrl,
    ),
    page,
    modifiedAt: data.modifiedAt,
    headers: { ...exportHeaders(validators), 'cache-control': cacheControl },
    store,
    signals: getCveSignals(),
  };
}

/** The view filter with its `page` kept (for a paged feed); `pageSize` is the export's own. */
function parsePagedFilter(params: URLSearchParams) {
  const input = new URLSearchParams(params);
  input.delete('pageSize');
  return parseBriefFilter(input, { allowUnknown: true });
}

/** A 200 answer of an export with the view's validators and CORS headers. */
export function exportResponse(
  view: ViewExport,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(body, {
    status: 200,
    headers: { 'content-type': contentType, ...view.headers, ...headers },
  });
}
