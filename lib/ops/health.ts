import 'server-only';
import type { ServedFeed } from '@/lib/serving/served-feed';
import { isShuttingDown } from './shutdown';

// The orchestrator's probes, apart from the detailed /api/status: both read a few fields and never
// wait (not on the store's loading, a crawl or the text index).

export interface Readiness {
  ready: boolean;
  /** Why not ready; null when ready. */
  reason: string | null;
  /** What is served: upstream (fresh), disk, bundled; null while nothing is. */
  source: string | null;
  fetchedAt: string | null;
}

/**
 * Ready while something can be served, fresh, from disk or the bundled demo: not ready only
 * before the store has loaded anything, and from the start of a shutdown (so no new traffic is
 * routed here while it drains).
 */
export function readiness(store: ServedFeed | null): Readiness {
  if (isShuttingDown())
    return { ready: false, reason: 'shutting down', source: null, fetchedAt: null };
  const data = store?.current;
  if (!data)
    return { ready: false, reason: 'starting: nothing loaded yet', source: null, fetchedAt: null };
  return { ready: true, reason: null, source: data.source, fetchedAt: data.fetchedAt };
}
