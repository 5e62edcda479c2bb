import { peekServedFeed } from '@/lib/serving/served-feed';
import { readiness } from '@/lib/ops/health';

export const dynamic = 'force-dynamic';

/** Readiness (lib/ops/health.ts): 200 while something can be served, else 503. */
export function GET() {
  const body = readiness(peekServedFeed());
  return Response.json(body, {
    status: body.ready ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
