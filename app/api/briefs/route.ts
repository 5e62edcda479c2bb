import { dataVersionOf, preflight, withCors } from '@/lib/api/export-response';
import { encodeListResponse } from '@/lib/api/list-body';
import { badRequest, jsonBytesOk } from '@/lib/api/responses';
import { jsonValidators, notModifiedShared, withSharedCache } from '@/lib/api/shared-cache';
import { parseBriefFilter } from '@/lib/briefs/filter/url';
import { getServedFeed } from '@/lib/serving/served-feed';
import { EXCLUDE_PARAM, parseExcludeParam } from '@/lib/workflow/read-exclusion';

export const dynamic = 'force-dynamic';

/** The list as a BriefListResponse (lib/api/types.ts). */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  // `exclude`: slug hashes of briefs to leave out (the list's "Hide read"; read-exclusion.ts).
  const excluded = parseExcludeParam(params.getAll(EXCLUDE_PARAM));
  if (!excluded.ok) return withCors(badRequest(excluded));
  params.delete(EXCLUDE_PARAM);
  const parsed = parseBriefFilter(params);
  if (!parsed.ok) return withCors(badRequest(parsed.error));
  const store = await getServedFeed();
  const block = store.getSourceBlock();
  const data = dataVersionOf(store.getBriefs(), store.getBodiesVersion(), block.fetchedAt);
  const validators = jsonValidators(data, block, request);
  const unchanged = notModifiedShared(request, validators);
  if (unchanged) return unchanged;
  await store.readyFor(parsed.filter);
  const result = store.queryBriefs(parsed.filter, excluded.hashes);
  return withCors(withSharedCache(jsonBytesOk(encodeListResponse(result, block)), validators));
}

export const OPTIONS = preflight;
