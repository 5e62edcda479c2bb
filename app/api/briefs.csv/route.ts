import { badRequest } from '@/lib/api/responses';
import { toBriefsCsv } from '@/lib/briefs/export-csv';
import { parseViewFilter, selectBriefs } from '@/lib/briefs/select';
import { getFeedStore } from '@/lib/feed/store';

export const dynamic = 'force-dynamic';

/** Every brief matching the filter, in the list's order. */
export async function GET(request: Request) {
  const parsed = parseViewFilter(new URL(request.url).searchParams);
  if (!parsed.ok) return badRequest(parsed.error);
  const store = await getFeedStore();
  store.refreshIfDue();
  const { briefs } = selectBriefs(store, parsed.filter);
  return new Response(toBriefsCsv(briefs), {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="briefs.csv"',
      'cache-control': 'no-store',
    },
  });
}
