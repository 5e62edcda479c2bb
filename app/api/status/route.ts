import { jsonOk } from '@/lib/api/responses';
import { getFeedStore } from '@/lib/feed/store';

export const dynamic = 'force-dynamic';

export async function GET() {
  const store = await getFeedStore();
  return jsonOk(store.getStatus());
}
