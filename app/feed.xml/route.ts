import { preflight } from '@/lib/api/export-response';
import { syndicationRoute } from '@/lib/api/syndication-route';
import { buildRssFeed } from '@/lib/briefs/export/syndication';

export const dynamic = 'force-dynamic';

/** RSS 2.0 of the filtered view. */
export const GET = syndicationRoute(buildRssFeed, 'application/rss+xml; charset=utf-8');
export const OPTIONS = preflight;
