import { generateAtomFeed, generateRssFeed } from 'feedsmith';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { toListHref } from '@/lib/briefs/filter/edit';
import { describeFilter, toBriefUrl } from '@/lib/briefs/select';
import type { IndexedBrief } from '@/lib/briefs/types';

// RSS 2.0 and Atom 1.0 of a filtered view, for Slack's and Teams' feed apps and mail clients that
// read no JSON Feed. The newest SYNDICATION_LIMIT briefs (a reader polls the top of a feed); each
// item links to the dashboard page first and to the original brief second, with categories for
// severity, type and tags. feedsmith escapes every text and attribute (and splits every `]]>` of
// a CDATA section); what XML 1.0 cannot carry at all (most control characters) is dropped here.

export const SYNDICATION_LIMIT = 100;

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
  const { filter, origin, total, source } = options;
  const words = toXmlText(describeFilter(filter));
  const shown = Math.min(total, SYNDICATION_LIMIT);
  return {
    items: briefs.slice(0, SYNDICATION_LIMIT),
    title: `CraftedSignal briefs: ${words}`,
    description: toXmlText(
      `Threat briefs matching: ${words}; the ${shown} newest of ${total} matching. Source: ${source}.`,
    ),
    home: `${origin}${toListHref(filter)}`,
    self: `${origin}${toListHref(filter, {}, path)}`,
  };
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
    atom: { links: [{ href: facts.self, rel: 'self', type: 'application/rss+xml' }] },
    items: facts.items.map((brief) => ({
      title: toXmlText(brief.title),
      link: toBriefUrl(origin, brief.slug),
      description: escapeHtml(toXmlText(brief.summary)),
      content: { encoded: contentOf(brief, options.contentHtmlOf(brief.slug)) },
      guid: { value: brief.url ?? toBriefUrl(origin, brief.slug), isPermaLink: false },
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
    ],
    entries: facts.items.map((brief) => {
      const page = toBriefUrl(origin, brief.slug);
      return {
        id: brief.url ?? page,
        title: { value: toXmlText(brief.title), type: 'text' },
        summary: { value: toXmlText(brief.summary), type: 'text' },
        content: { value: contentOf(brief, options.contentHtmlOf(brief.slug)), type: 'html' },
        published: new Date(brief.date),
        updated: new Date(brief.modified ?? brief.date),
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
