import { badRequest, jsonOk } from '@/lib/api/responses';
import { parseBriefFilter } from '@/lib/briefs/parse-filter';
import { getFeedStore } from '@/lib/feed/store';
import type { BriefListResponse } from '@/lib/feed/types';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const parsed = parseBriefFilter(new URL(request.url).searchParams);
  if (!parsed.ok) return badRequest(parsed.error);
  const store = await getFeedStore();
  store.refreshIfDue();
  const body: BriefListResponse = { ...store.queryBriefs(parsed.filter), source: store.getSourceBlock() };
  return jsonOk(body);
}
