import { badRequest, jsonOk } from '@/lib/api/responses';
import { parseFacetQuery } from '@/lib/briefs/filter/facet-query';
import { getServedFeed } from '@/lib/serving/served-feed';

export const dynamic = 'force-dynamic';

/** One facet's values under the list's filters: `find`, `offset`, `limit` (facet-values.ts). */
export async function GET(request: Request, ctx: { params: Promise<{ facet: string }> }) {
  const { facet } = await ctx.params;
  const parsed = parseFacetQuery(facet, new URL(request.url).searchParams);
  if (!parsed.ok) return badRequest(parsed.error);
  const store = await getServedFeed();
  await store.readyFor(parsed.query.filter);
  return jsonOk(store.listFacetValues(parsed.query));
}
