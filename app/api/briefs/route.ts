import { preflight, withCors } from '@/lib/api/export-response';
import { encodeListResponse } from '@/lib/api/list-body';
import { badRequest, jsonBytesOk } from '@/lib/api/responses';
import { parseBriefFilter } from '@/lib/briefs/filter/url';
import { getServedFeed } from '@/lib/serving/served-feed';

export const dynamic = 'force-dynamic';

/** The list as a BriefListResponse (lib/api/types.ts). */
export async function GET(request: Request) {
  const parsed = parseBriefFilter(new URL(request.url).searchParams);
  if (!parsed.ok) return withCors(badRequest(parsed.error));
  const store = await getServedFeed();
  await store.readyFor(parsed.filter);
  return withCors(
    jsonBytesOk(encodeListResponse(store.queryBriefs(parsed.filter), store.getSourceBlock())),
  );
}

export const OPTIONS = preflight;
