import { preflight } from '@/lib/api/export-response';
import { exportResponse, selectViewForExport } from '@/lib/api/view-export';
import { buildJsonFeed, JSON_FEED_PAGE_SIZE } from '@/lib/briefs/export/json-feed';

export const dynamic = 'force-dynamic';

/** A JSON Feed 1.1 of the filtered view, newest first, JSON_FEED_PAGE_SIZE items a page. */
export async function GET(request: Request) {
  const view = await selectViewForExport(request, {
    sort: 'newest',
    pageSize: JSON_FEED_PAGE_SIZE,
  });
  if (view instanceof Response) return view;
  const { briefs, total, filter } = view.selection;
  const feed = buildJsonFeed(briefs, {
    filter,
    origin: view.origin,
    total,
    source: view.source,
    page: view.page,
    contentHtmlOf: (slug) => view.store.getBody(slug)?.contentHtml ?? '',
    extrasOf: (slug) => view.store.getBody(slug),
    signals: view.signals,
  });
  return exportResponse(view, JSON.stringify(feed), 'application/feed+json; charset=utf-8');
}

export const OPTIONS = preflight;
