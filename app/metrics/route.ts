import { getConfig } from '@/lib/config';
import { peekServedFeed } from '@/lib/serving/served-feed';
import { metricsResponse } from '@/lib/ops/metrics-endpoint';

export const dynamic = 'force-dynamic';

/** Prometheus metrics (lib/ops/metrics.ts), when enabled. */
export function GET(request: Request) {
  return metricsResponse(getConfig(), request.headers.get('authorization'), peekServedFeed());
}
