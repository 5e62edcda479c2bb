import type { BriefFilter } from '@/lib/briefs/filter/types';
import { toListHref } from '@/lib/briefs/filter/edit';
import { describeFilter, toBriefUrl } from '@/lib/briefs/select';
import type { IndexedBrief } from '@/lib/briefs/types';
import { describeChangeMark } from '@/lib/briefs/changes';
import { ownUrlOf } from './brief-key';
import type { BriefIndicators, Indicator } from '@/lib/briefs/indicators';
import { jsonFeedSignalFields, type JsonFeedSignalFields } from '@/lib/signals/export-fields';
import { NO_SIGNALS, type CveSignals, hasSignals } from '@/lib/signals/types';

// A JSON Feed 1.1 of a filtered view, so a feed reader can follow it. Items carry the same
// `_cs_` extension fields as the upstream feed (plus `_cs_techniques`, which the dashboard
// derives), so a reader that understands the upstream understands this feed too.
// JSON_FEED_PAGE_SIZE items a page, newest first; `next_url` leads to the next page
// (`page=2`, ...), so a reader that follows it reaches every matching brief and one that polls
// the first page reads a small document (100 briefs with their HTML are ~0.4 MB).

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';
export const JSON_FEED_PAGE_SIZE = 100;

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
  /** Only on a brief that changed: the changes from its previous version, in sentences. */
  _cs_changes?: string[];
  /** From the feed's STIX bundle: raw values, as typed there (extension fields of this app). */
  _cs_indicators: Indicator[];
  _cs_indicators_omitted?: number;
  _cs_references: string[];
  _cs_confidence?: number;
}

/** An item with KEV and EPSS (lib/signals/), while either upstream is on. */
export type JsonFeedItemWithSignals = JsonFeedItem & Partial<JsonFeedSignalFields>;

export interface JsonFeed {
  version: typeof JSON_FEED_VERSION;
  title: string;
  home_page_url: string;
  feed_url: string;
  next_url?: string;
  description: string;
  items: JsonFeedItemWithSignals[];
}

export interface JsonFeedOptions {
  /** The view the briefs were selected with. */
  filter: BriefFilter;
  /** The dashboard's origin. */
  origin: string;
  /** How many briefs match the filter (the items may be fewer). */
  total: number;
  /** Which page (from 1) of JSON_FEED_PAGE_SIZE items. */
  page?: number;
  /** Where the briefs come from, in words. */
  source: string;
  /** A brief's sanitised HTML, read from the body store for the page's items only. */
  contentHtmlOf: (slug: string) => string;
  /** A brief's indicators and references, read from the body store with its HTML. */
  extrasOf?: (slug: string) => BriefIndicators | undefined;
  /** KEV and EPSS of the briefs' CVEs; none without. */
  signals?: CveSignals;
}

function toItem(
  brief: IndexedBrief,
  origin: string,
  contentHtml: string,
  extras: BriefIndicators | undefined,
): JsonFeedItem {
  return {
    id: ownUrlOf(brief) ?? brief.slug,
    url: toBriefUrl(origin, brief.slug),
    ...(brief.url ? { external_url: brief.url } : {}),
    title: brief.title,
    summary: brief.changed
      ? [describeChangeMark(brief.changed), brief.summary].filter(Boolean).join('\n\n')
      : brief.summary,
    content_html: contentHtml,
    date_published: brief.date,
    ...(brief.changed
      ? { date_modified: lastOf(brief.modified, brief.changed.updated) }
      : brief.modified
        ? { date_modified: brief.modified }
        : {}),
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
    ...(brief.changed && { _cs_changes: [...brief.changed.what] }),
    _cs_indicators: extras?.indicators ?? [],
    ...(extras?.indicatorsOmitted ? { _cs_indicators_omitted: extras.indicatorsOmitted } : {}),
    _cs_references: extras?.references ?? [],
    ...(brief.confidence !== null && brief.confidence !== undefined
      ? { _cs_confidence: brief.confidence }
      : {}),
  };
}

/** The later of date_modified and a change seen here (ISO strings of any offset). */
function lastOf(modified: string | null, changed: string): string {
  if (!modified) return changed;
  return Date.parse(modified) >= Date.parse(changed) ? modified : changed;
}

/** `briefs` newest first, from the first match on: the page's items are taken from them. */
export function buildJsonFeed(
  briefs: readonly IndexedBrief[],
  {
    filter,
    origin,
    total,
    source,
    page = 1,
    contentHtmlOf,
    extrasOf,
    signals = NO_SIGNALS,
  }: JsonFeedOptions,
): JsonFeed {
  const start = (page - 1) * JSON_FEED_PAGE_SIZE;
  const items = briefs
    .slice(start, start + JSON_FEED_PAGE_SIZE)
    .map((brief): JsonFeedItemWithSignals => {
      const item = toItem(brief, origin, contentHtmlOf(brief.slug), extrasOf?.(brief.slug));
      if (!hasSignals(signals)) return item;
      const ids = brief.cves.map((cve) => cve.id);
      return { ...item, ...jsonFeedSignalFields(ids, signals) };
    });
  const words = describeFilter(filter);
  const pages = Math.max(1, Math.ceil(total / JSON_FEED_PAGE_SIZE));
  const shown = `${total} matching ${total === 1 ? 'brief' : 'briefs'}`;
  const paging = pages > 1 ? `; page ${page} of ${pages}, newest first` : '';
  const feedUrl = `${origin}${toListHref(filter, {}, '/feed.json')}`;
  return {
    version: JSON_FEED_VERSION,
    title: `CraftedSignal briefs: ${words}`,
    home_page_url: `${origin}${toListHref(filter)}`,
    feed_url: feedUrl,
    ...(start + JSON_FEED_PAGE_SIZE < total
      ? { next_url: `${origin}${toListHref(filter, { page: page + 1 }, '/feed.json')}` }
      : {}),
    description: `Threat briefs matching: ${words}; ${shown}${paging}. Source: ${source}.`,
    items,
  };
}
