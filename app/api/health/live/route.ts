import { jsonOk } from '@/lib/api/responses';

export const dynamic = 'force-dynamic';

/** Liveness: the process answers. Nothing is read, so nothing can make it wait. */
export function GET() {
  return jsonOk({ live: true });
}
