import { preflight, withCors } from '@/lib/api/export-response';
import { jsonOk } from '@/lib/api/responses';
import { getFeedStore } from '@/lib/serving/served-feed';

export const dynamic = 'force-dynamic';

export async function GET() {
  const store = await getFeedStore();
  return withCors(jsonOk(store.getStatus()));
}

export const OPTIONS = preflight;
