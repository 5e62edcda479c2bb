import { selectViewForExport } from '@/lib/api/view-export';
import { buildJsonFeed, JSON_FEED_LIMIT } from '@/lib/briefs/export/json-feed';

export const dynamic = 'force-dynamic';

/** A JSON Feed 1.1 of the filtered view: the newest JSON_FEED_LIMIT briefs. */
export async function GET(request: Request) {
  const view = await selectViewForExport(request, { limit: JSON_FEED_LIMIT, sort: 'newest' });
  if (view instanceof Response) return view;
  const { briefs, total, filter } = view.selection;
  // Bodies are read from the body store one at a time, for the items written only.
  const withBodies = briefs.slice(0, JSON_FEED_LIMIT).map((brief) => ({
    ...brief,
    contentHtml: view.store.getBody(brief.slug)?.contentHtml ?? '',
  }));
  const feed = buildJsonFeed(withBodies, {
    filter,
    origin: view.origin,
    total,
    source: view.source,
  });
  return new Response(JSON.stringify(feed), {
    status: 200,
    headers: {
      'content-type': 'application/feed+json; charset=utf-8',
      'cache-control': 'no-store',
    },
  });
}
