import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '@/lib/config';
import type { ServedFeed } from '@/lib/serving/served-feed';
import { metrics, renderMetrics } from './metrics';

// GET /metrics: off (404) unless METRICS_ENABLED=true, and behind `Authorization: Bearer` when
// METRICS_TOKEN is set, so a public instance does not show its internals.

const NO_STORE = { 'cache-control': 'no-store' };

function tokenMatches(header: string | null, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** The served data's gauges, set at scrape time from what is served now. */
function setServedGauges(store: ServedFeed | null): void {
  const m = metrics();
  m.briefsServed.reset();
  m.itemsSkipped.reset();
  const data = store?.current;
  if (!data) return;
  m.briefsServed.set({ source: data.source }, data.briefs.length);
  for (const { reason, count } of data.skipped) m.itemsSkipped.set({ reason }, count);
}

export async function metricsResponse(
  config: AppConfig,
  authorization: string | null,
  store: ServedFeed | null,
): Promise<Response> {
  if (!config.metricsEnabled)
    return Response.json(
      { error: { message: 'Metrics are off (METRICS_ENABLED)' } },
      { status: 404, headers: NO_STORE },
    );
  if (config.metricsToken && !tokenMatches(authorization, config.metricsToken))
    return Response.json(
      { error: { message: 'A bearer token is required' } },
      { status: 401, headers: { ...NO_STORE, 'www-authenticate': 'Bearer realm="metrics"' } },
    );
  setServedGauges(store);
  const { body, contentType } = await renderMetrics();
  return new Response(body, { status: 200, headers: { 'content-type': contentType, ...NO_STORE } });
}
