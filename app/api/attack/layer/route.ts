import { badRequest, jsonOk } from '@/lib/api/responses';
import { buildNavigatorLayer } from '@/lib/briefs/navigator-layer';
import {
  describeSource,
  parseViewFilter,
  selectBriefs,
  toRequestOrigin,
} from '@/lib/briefs/select';
import { getTechniqueCatalog } from '@/lib/feed/attack-catalog';
import { getFeedStore } from '@/lib/feed/store';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const url = new URL(request.url);
  const parsed = parseViewFilter(url.searchParams);
  if (!parsed.ok) return badRequest(parsed.error);
  const store = await getFeedStore();
  store.refreshIfDue();
  const { briefs, filter } = selectBriefs(store, parsed.filter);
  const layer = buildNavigatorLayer(briefs, getTechniqueCatalog(), {
    filter,
    origin: toRequestOrigin(request),
    source: describeSource(store.getSourceBlock()),
  });
  return jsonOk(layer, {
    headers: { 'content-disposition': 'attachment; filename="attack-layer.json"' },
  });
}
