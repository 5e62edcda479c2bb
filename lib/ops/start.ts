import 'server-only';
import type { AppConfig } from '@/lib/config';
import { catalogLastSuccessAt } from '@/lib/feed/attack-catalog';
import { closeHtmlPool } from '@/lib/feed/ingest/html-renderer';
import { peekServedFeed } from '@/lib/serving/served-feed';
import { registerFeedDataAges } from './feed-metrics';
import { startDefaultMetrics } from './metrics';
import { routeMatcher } from './route-template';
import { installServerHook } from './server-hook';
import { installShutdown } from './shutdown';

/** Called once at start-up (instrumentation.ts, through lib/feed/start.ts) with a valid config. */
export function startOps(config: AppConfig): void {
  if (config.metricsEnabled) {
    startDefaultMetrics();
    registerFeedDataAges({
      feed: () => peekServedFeed()?.current?.fetchedAt ?? null,
      stix: () => peekServedFeed()?.refresherState().stix.lastSuccessAt ?? null,
      attack: catalogLastSuccessAt,
    });
  }
  installServerHook(config.metricsEnabled ? routeMatcher() : null);
  installShutdown({
    drainMs: config.shutdownDrainMs,
    stopCrawl: async () => {
      await peekServedFeed()?.stopRefresh();
    },
    close: async () => {
      await Promise.all([peekServedFeed()?.shutdown(), closeHtmlPool()]);
    },
  });
}
