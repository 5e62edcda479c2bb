import { preflight, withCors } from '@/lib/api/export-response';
import { jsonOk } from '@/lib/api/responses';
import { getServedFeed } from '@/lib/serving/served-feed';

export const dynamic = 'force-dynamic';

export async function GET() {
  const store = await getServedFeed();
  return withCors(jsonOk(store.getStatus()));
}

export const OPTIONS = preflight;
