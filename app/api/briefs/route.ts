import { dataVersionOf, preflight, withCors } from '@/lib/api/export-response';
import { encodeListResponse } from '@/lib/api/list-body';
import { badRequest, jsonBytesOk } from '@/lib/api/responses';
import { jsonValidators, notModifiedShared, withSharedCache } from '@/lib/api/shared-cache';
import { parseBriefFilter } from '@/lib/briefs/filter/url';
import { getServedFeed } from '@/lib/serving/served-feed';

export const dynamic = 'force-dynamic';

/** The list as a BriefListResponse (lib/api/types.ts). */
export async function GET(request: Request) {
  const parsed = parseBriefFilter(new URL(request.url).searchParams);
  if (!parsed.ok) return withCors(badRequest(parsed.error));
  const store = await getServedFeed();
  const block = store.getSourceBlock();
  const data = dataVersionOf(store.getBriefs(), store.getBodiesVersion(), block.fetchedAt);
  const validators = jsonValidators(data, block, request);
  const unchanged = notModifiedShared(request, validators);
  if (unchanged) return unchanged;
  await store.readyFor(parsed.filter);
  return withCors(
    withSharedCache(
      jsonBytesOk(encodeListResponse(store.queryBriefs(parsed.filter), block)),
      validators,
    ),
  );
}

export const OPTIONS = preflight;
