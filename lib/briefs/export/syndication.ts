import { generateAtomFeed, generateRssFeed } from 'feedsmith';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { toListHref } from '@/lib/briefs/filter/edit';
import { describeFilter, toBriefUrl } from '@/lib/briefs/select';
import {
  SYNDICATION_LIMIT,
  toFeedPageLinks,
  type FeedPageLinks,
} from '@/lib/briefs/export/syndication-paging';
import type { IndexedBrief } from '@/lib/briefs/types';
import { describeChangeMark } from '@/lib/briefs/changes';
import { ownUrlOf } from './brief-key';

// RSS 2.0 and Atom 1.0 of a filtered view, for Slack's and Teams' feed apps and mail clients that
// read no JSON Feed. The newest SYNDICATION_LIMIT briefs (a reader polls the top of a feed), and
// the older ones on further pages (syndication-paging.ts: `page`, `limit`, `next` links); each
// item links to the dashboard page first and to the original brief second, with categories for
// severity, type and tags. feedsmith escapes every text and attribute (and splits every `]]>` of
// a CDATA section); what XML 1.0 cannot carry at all (most control characters) is dropped here.

export { SYNDICATION_LIMIT } from '@/lib/briefs/export/syndication-paging';

export interface SyndicationOptions {
  filter: BriefFilter;
  /** The dashboard's origin. */
  origin: string;
  /** How many briefs match (the items may be fewer). */
  total: number;
  /** Where the briefs come from, in words. */
  source: string;
  /** When this data was fetched: the feed's own date, so the same data gives the same bytes. */
  updated: Date;
  /** A brief's sanitised HTML, read from the body store for the items written only. */
  contentHtmlOf: (slug: string) => string;
  /** Which page (from 1) of `limit` items; `briefs` hold every match up to that page's end. */
  page?: number;
  /** Items a page (SYNDICATION_LIMIT by default). */
  limit?: number;
}

// Characters outside XML 1.0's Char production, and lone surrogates.
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function toXmlText(value: string): string {
  return value.replace(NOT_XML_CHAR, '');
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

/** Plain text for a field a reader renders as HTML (RSS descriptions): it stays text. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c] ?? c);
}

interface Category {
  facet: 'severity' | 'type' | 'tag';
  value: string;
}

function categoriesOf(brief: IndexedBrief): Category[] {
  return [
    ...brief.severities.map((value) => ({ facet: 'severity' as const, value })),
    ...(brief.type ? [{ facet: 'type' as const, value: brief.type }] : []),
    ...brief.tags.map((value) => ({ facet: 'tag' as const, value })),
  ];
}

/** A category's scheme: the list filtered by the category's facet (append the term). */
const schemeOf = (origin: string, facet: Category['facet']) => `${origin}/?${facet}=`;

function feedFacts(briefs: readonly IndexedBrief[], options: SyndicationOptions, path: string) {
  const { filter, origin, total, source, page = 1, limit = SYNDICATION_LIMIT } = options;
  const words = toXmlText(describeFilter(filter));
  const start = (page - 1) * limit;
  const items = briefs.slice(start, start + limit);
  const pages = Math.max(1, Math.ceil(total / limit));
  const shown =
    pages > 1
      ? `page ${page} of ${pages} (${limit} a page, newest first) of ${total} matching`
      : `the ${Math.min(total, limit)} newest of ${total} matching`;
  const links = toFeedPageLinks(origin, path, filter, { page, limit, total });
  return {
    items,
    title: `CraftedSignal briefs: ${words}`,
    description: toXmlText(`Threat briefs matching: ${words}; ${shown}. Source: ${source}.`),
    home: `${origin}${toListHref(filter)}`,
    self: links.self,
    links,
  };
}

/** An item's summary; an updated brief's says what changed on a line of its own. */
function summaryOf(brief: IndexedBrief): string {
  if (!brief.changed) return brief.summary;
  const line = describeChangeMark(brief.changed);
  return brief.summary ? `${line}\n\n${brief.summary}` : line;
}

/** When the item last changed: a change seen here, else date_modified, else publication. */
export function itemUpdated(brief: IndexedBrief): Date {
  const times = [brief.date, brief.modified, brief.changed?.updated]
    .map((d) => (d ? Date.parse(d) : NaN))
    .filter((t) => !Number.isNaN(t));
  return new Date(times.length > 0 ? Math.max(...times) : 0);
}

/** RFC 5005 paged-feed links (first, previous, next, last) of a feed of `type`. */
function pageLinks(links: FeedPageLinks, type: string) {
  return [
    { href: links.first, rel: 'first', type },
    ...(links.previous ? [{ href: links.previous, rel: 'previous', type }] : []),
    ...(links.next ? [{ href: links.next, rel: 'next', type }] : []),
    { href: links.last, rel: 'last', type },
  ];
}

/** The content of an item: the sanitised brief and a link to the original. */
function contentOf(brief: IndexedBrief, contentHtml: string): string {
  const original = brief.url ? `<p><a href="${escapeHtml(brief.url)}">Original brief</a></p>` : '';
  return toXmlText(`${contentHtml}${original}`);
}

/** `briefs` newest first. */
export function buildRssFeed(briefs: readonly IndexedBrief[], options: SyndicationOptions): string {
  const { origin, updated } = options;
  const facts = feedFacts(briefs, options, '/feed.xml');
  return generateRssFeed({
    title: facts.title,
    link: facts.home,
    description: facts.description,
    lastBuildDate: updated,
    generator: 'threat-brief-dashboard (feedsmith)',
    atom: {
      links: [
        { href: facts.self, rel: 'self', type: 'application/rss+xml' },
        ...pageLinks(facts.links, 'application/rss+xml'),
      ],
    },
    items: facts.items.map((brief) => ({
      title: toXmlText(brief.title),
      link: toBriefUrl(origin, brief.slug),
      description: escapeHtml(toXmlText(summaryOf(brief))),
      content: { encoded: contentOf(brief, options.contentHtmlOf(brief.slug)) },
      guid: { value: ownUrlOf(brief) ?? toBriefUrl(origin, brief.slug), isPermaLink: false },
      pubDate: new Date(brief.date),
      categories: categoriesOf(brief).map(({ facet, value }) => ({
        name: toXmlText(value),
        domain: schemeOf(origin, facet),
      })),
      ...(brief.url ? { atom: { links: [{ href: brief.url, rel: 'related' }] } } : {}),
    })),
  });
}

/** `briefs` newest first. */
export function buildAtomFeed(
  briefs: readonly IndexedBrief[],
  options: SyndicationOptions,
): string {
  const { origin, updated } = options;
  const facts = feedFacts(briefs, options, '/feed.atom');
  return generateAtomFeed({
    id: facts.self,
    title: { value: facts.title, type: 'text' },
    subtitle: { value: facts.description, type: 'text' },
    updated,
    generator: { text: 'threat-brief-dashboard (feedsmith)' },
    links: [
      { href: facts.self, rel: 'self', type: 'application/atom+xml' },
      { href: facts.home, rel: 'alternate', type: 'text/html' },
      ...pageLinks(facts.links, 'application/atom+xml'),
    ],
    entries: facts.items.map((brief) => {
      const page = toBriefUrl(origin, brief.slug);
      return {
        id: ownUrlOf(brief) ?? page,
        title: { value: toXmlText(brief.title), type: 'text' },
        summary: { value: toXmlText(summaryOf(brief)), type: 'text' },
        content: { value: contentOf(brief, options.contentHtmlOf(brief.slug)), type: 'html' },
        published: new Date(brief.date),
        updated: itemUpdated(brief),
        links: [
          { href: page, rel: 'alternate', type: 'text/html' },
          ...(brief.url ? [{ href: brief.url, rel: 'related', type: 'text/html' }] : []),
        ],
        categories: categoriesOf(brief).map(({ facet, value }) => ({
          term: toXmlText(value),
          scheme: schemeOf(origin, facet),
          label: toXmlText(value),
        })),
      };
    }),
  });
}
