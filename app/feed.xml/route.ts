import { preflight } from '@/lib/api/export-response';
import { exportResponse, selectViewForExport } from '@/lib/api/view-export';
import { buildRssFeed, SYNDICATION_LIMIT } from '@/lib/briefs/export/syndication';

export const dynamic = 'force-dynamic';

/** RSS 2.0 of the filtered view: the newest SYNDICATION_LIMIT briefs. */
export async function GET(request: Request) {
  const view = await selectViewForExport(request, { limit: SYNDICATION_LIMIT, sort: 'newest' });
  if (view instanceof Response) return view;
  const { briefs, total, filter } = view.selection;
  const options = {
    filter,
    origin: view.origin,
    total,
    source: view.source,
    updated: view.modifiedAt,
  };
  return exportResponse(view, buildRssFeed(briefs, options), 'application/rss+xml; charset=utf-8');
}

export const OPTIONS = preflight;
