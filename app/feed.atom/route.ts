import { preflight } from '@/lib/api/export-response';
import { syndicationRoute } from '@/lib/api/syndication-route';
import { buildAtomFeed } from '@/lib/briefs/export/syndication';

export const dynamic = 'force-dynamic';

/** Atom 1.0 of the filtered view. */
export const GET = syndicationRoute(buildAtomFeed, 'application/atom+xml; charset=utf-8');
export const OPTIONS = preflight;
