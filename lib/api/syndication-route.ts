import 'server-only';
import { exportResponse, selectViewForExport } from '@/lib/api/view-export';
import { SYNDICATION_LIMIT, type SyndicationOptions } from '@/lib/briefs/export/syndication';
import type { IndexedBrief } from '@/lib/briefs/types';

type Build = (briefs: readonly IndexedBrief[], options: SyndicationOptions) => string;

/** A GET handler answering the filtered view's newest SYNDICATION_LIMIT briefs as one feed format. */
export function syndicationRoute(build: Build, contentType: string) {
  return async function GET(request: Request): Promise<Response> {
    const view = await selectViewForExport(request, { limit: SYNDICATION_LIMIT, sort: 'newest' });
    if (view instanceof Response) return view;
    const { briefs, total, filter } = view.selection;
    const options = {
      filter,
      origin: view.origin,
      total,
      source: view.source,
      updated: view.modifiedAt,
      contentHtmlOf: (slug: string) => view.store.getBody(slug)?.contentHtml ?? '',
    };
    return exportResponse(view, build(briefs, options), contentType);
  };
}
