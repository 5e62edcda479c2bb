import { badRequest } from '@/lib/api/responses';
import type { Sort } from '@/lib/briefs/filter/types';
import { parseViewFilter } from '@/lib/briefs/filter/url';
import {
  describeSource,
  selectBriefs,
  toRequestOrigin,
  type BriefSelection,
} from '@/lib/briefs/select';
import { getFeedStore, type FeedStore } from '@/lib/feed/store';

// The shared start of every export of a filtered view (CSV, JSON Feed, Navigator layer): the
// request's filter (400 naming a bad parameter), the matching briefs, and where they come from.

export interface ViewExport {
  selection: BriefSelection;
  /** This app's public origin, for links in the export. */
  origin: string;
  /** One line on the data's source and freshness. */
  source: string;
  /** For an export that also needs bodies. */
  store: FeedStore;
}

export async function selectViewForExport(
  request: Request,
  opts: { limit?: number; sort?: Sort } = {},
): Promise<ViewExport | Response> {
  const parsed = parseViewFilter(new URL(request.url).searchParams);
  if (!parsed.ok) return badRequest(parsed.error);
  const store = await getFeedStore();
  return {
    selection: selectBriefs(store, parsed.filter, opts),
    origin: store.config.publicOrigin ?? toRequestOrigin(request),
    source: describeSource(store.getSourceBlock(), store.config.feedUrl),
    store,
  };
}
