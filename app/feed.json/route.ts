import { badRequest } from '@/lib/api/responses';
import { buildJsonFeed, JSON_FEED_LIMIT } from '@/lib/briefs/export-json-feed';
import {
  describeSource,
  parseViewFilter,
  selectBriefs,
  toRequestOrigin,
} from '@/lib/briefs/select';
import { getFeedStore } from '@/lib/feed/store';

export const dynamic = 'force-dynamic';

/** A JSON Feed 1.1 of the filtered view: the newest JSON_FEED_LIMIT briefs. */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const parsed = parseViewFilter(url.searchParams);
  if (!parsed.ok) return badRequest(parsed.error);
  const store = await getFeedStore();
  store.refreshIfDue();
  const { briefs, total, filter } = selectBriefs(store, parsed.filter, {
    limit: JSON_FEED_LIMIT,
    sort: 'newest',
  });
  const feed = buildJsonFeed(briefs, {
    filter,
    origin: toRequestOrigin(request),
    total,
    source: describeSource(store.getSourceBlock()),
  });
  return new Response(JSON.stringify(feed), {
    status: 200,
    headers: {
      'content-type': 'application/feed+json; charset=utf-8',
      'cache-control': 'no-store',
    },
  });
}
