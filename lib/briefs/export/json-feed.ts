import type { BriefFilter } from '@/lib/briefs/filter/types';
import { toListHref } from '@/lib/briefs/filter/url';
import { describeFilter, toBriefUrl } from '@/lib/briefs/select';
import type { Brief, ListedBrief } from '@/lib/briefs/types';

/** A listed brief with the one part of its body a feed item carries. */
export type FeedBrief = ListedBrief & Pick<Brief, 'contentHtml'>;

// A JSON Feed 1.1 of a filtered view, so a feed reader can follow it. Items carry the same
// `_cs_` extension fields as the upstream feed (plus `_cs_techniques`, which the dashboard
// derives), so a reader that understands the upstream understands this feed too.
// At most JSON_FEED_LIMIT items, the newest: the full feed is thousands of briefs with their
// HTML, far more than a reader polls; the description says how many matched.

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';
export const JSON_FEED_LIMIT = 500;

export interface JsonFeedItem {
  id: string;
  url: string;
  external_url?: string;
  title: string;
  summary: string;
  content_html: string;
  date_published: string;
  date_modified?: string;
  tags: string[];
  _cs_type?: string;
  _cs_severities: string[];
  _cs_products: string[];
  _cs_vendors: string[];
  _cs_actors: string[];
  _cs_tags: string[];
  _cs_exploited?: boolean;
  _cs_has_poc: boolean;
  _cs_poc_references: string[];
  _cs_cpes: string[];
  _cs_cves: { id: string; cvss?: number }[];
  _cs_techniques: string[];
}

export interface JsonFeed {
  version: typeof JSON_FEED_VERSION;
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  items: JsonFeedItem[];
}

export interface JsonFeedOptions {
  /** The view the briefs were selected with. */
  filter: BriefFilter;
  /** The dashboard's origin. */
  origin: string;
  /** How many briefs match the filter (the items may be fewer). */
  total: number;
  /** Where the briefs come from, in words. */
  source: string;
}

function toItem(brief: FeedBrief, origin: string): JsonFeedItem {
  return {
    id: brief.url ?? brief.slug,
    url: toBriefUrl(origin, brief.slug),
    ...(brief.url ? { external_url: brief.url } : {}),
    title: brief.title,
    summary: brief.summary,
    content_html: brief.contentHtml,
    date_published: brief.date,
    ...(brief.modified ? { date_modified: brief.modified } : {}),
    tags: [...brief.tags],
    ...(brief.type ? { _cs_type: brief.type } : {}),
    _cs_severities: [...brief.severities],
    // The upstream's form: a product with its affected versions is `Foo (< 2.3.1)`.
    _cs_products: brief.affected.map((p) => (p.version ? `${p.name} (${p.version})` : p.name)),
    _cs_vendors: [...brief.vendors],
    _cs_actors: [...brief.actors],
    _cs_tags: [...brief.tags],
    ...(brief.exploited !== null ? { _cs_exploited: brief.exploited } : {}),
    _cs_has_poc: brief.hasPoc,
    _cs_poc_references: [...brief.pocReferences],
    _cs_cpes: [...brief.cpes],
    _cs_cves: brief.cves.map((cve) =>
      cve.cvss === null ? { id: cve.id } : { id: cve.id, cvss: cve.cvss },
    ),
    _cs_techniques: brief.techniques.map((t) => t.id),
  };
}

/** `briefs` newest first; only the first JSON_FEED_LIMIT are written. */
export function buildJsonFeed(
  briefs: readonly FeedBrief[],
  { filter, origin, total, source }: JsonFeedOptions,
): JsonFeed {
  const items = briefs.slice(0, JSON_FEED_LIMIT).map((brief) => toItem(brief, origin));
  const words = describeFilter(filter);
  const shown =
    items.length < total
      ? `the ${items.length} newest of ${total} matching briefs`
      : `${total} matching ${total === 1 ? 'brief' : 'briefs'}`;
  return {
    version: JSON_FEED_VERSION,
    title: `CraftedSignal briefs: ${words}`,
    home_page_url: `${origin}${toListHref(filter)}`,
    feed_url: `${origin}${toListHref(filter, {}, '/feed.json')}`,
    description: `Threat briefs matching: ${words}; ${shown} (at most ${JSON_FEED_LIMIT}). Source: ${source}.`,
    items,
  };
}
