import { FEED_URL, synthFeed, synthStix, toFeedDocument } from './synth';

// The bundled demo snapshot (data/demo/feed.json + data/demo/stix.json): what the dashboard serves
// when the upstream has never been reachable. Deterministic: the same bytes on every run.

export const DEMO_SEED = 20261120;
export const DEMO_COUNT = 250;
export const DEMO_REFERENCE_DATE = '2026-11-20T00:00:00Z';

/** Briefs older than this have no STIX report, as upstream where the bundles cover recent months only. */
export const DEMO_STIX_WINDOW_DAYS = 365;

export function buildDemoSnapshot(): { feed: string; stix: string } {
  // Kept small (about 1.5 MB together): compact bodies, report descriptions that carry the summary
  // instead of the Markdown (matching is by title and date), each technique object written once.
  const feed = synthFeed({
    count: DEMO_COUNT,
    seed: DEMO_SEED,
    referenceDate: DEMO_REFERENCE_DATE,
    bodySize: 'compact',
  });
  const document = toFeedDocument(feed.items, FEED_URL);
  const stix = synthStix(feed, {
    seed: DEMO_SEED,
    referenceDate: DEMO_REFERENCE_DATE,
    windowDays: DEMO_STIX_WINDOW_DAYS,
    description: 'summary',
    repeatShared: false,
  });
  return { feed: JSON.stringify(document), stix: JSON.stringify(stix) };
}
