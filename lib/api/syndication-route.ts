import 'server-only';
import { badRequest } from '@/lib/api/responses';
import { withCors } from '@/lib/api/export-response';
import { exportResponse, selectViewForExport } from '@/lib/api/view-export';
import type { SyndicationOptions } from '@/lib/briefs/export/syndication';
import { parseSyndicationLimit } from '@/lib/briefs/export/syndication-paging';
import type { IndexedBrief } from '@/lib/briefs/types';

type Build = (briefs: readonly IndexedBrief[], options: SyndicationOptions) => string;

/** A GET handler answering one page (`page`, `limit`) of the filtered view as one feed format. */
export function syndicationRoute(build: Build, contentType: string) {
  return async function GET(request: Request): Promise<Response> {
    const limit = parseSyndicationLimit(new URL(request.url).searchParams);
    if (!limit.ok) return withCors(badRequest(limit.error));
    const view = await selectViewForExport(request, { pageSize: limit.limit, sort: 'newest' });
    if (view instanceof Response) return view;
    const { briefs, total, filter } = view.selection;
    const options = {
      filter,
      origin: view.origin,
      total,
      source: view.source,
      updated: view.modifiedAt,
      page: view.page,
      limit: limit.limit,
      contentHtmlOf: (slug: string) => view.store.getBody(slug)?.contentHtml ?? '',
    };
    return exportResponse(view, build(briefs, options), contentType);
  };
}
