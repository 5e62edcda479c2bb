import type { Element, ElementContent, Root, RootContent } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import { toHtml } from 'hast-util-to-html';
import { toSlug } from '@/lib/briefs/identifiers';
import { flattenDeepHtml, MAX_HTML_DEPTH } from './html-depth';
import { plainTextOf } from './plain-text';
import { parseFragment } from 'parse5';
import rehypeSanitize, { type Options as SanitizeSchema } from 'rehype-sanitize';
import { UniqueIds } from './unique-ids';

// Upstream content_html is third-party HTML. It is parsed with parse5 (as a browser would) and
// rebuilt from a strict allow-list of rendered-Markdown elements; nothing else reaches a page.
// The hast tools are called directly, not through a unified processor, and parse5 is called
// without source positions: rehype-parse / hast-util-from-html always record them, which made
// parsing 3x slower, and ingest parses every brief of the feed.

const HEADINGS = ['h2', 'h3', 'h4', 'h5', 'h6'];

/** Heading ids are kept only in this form: no `_`, `$` or capitals, so no camelCase or framework global. */
const SAFE_ID = /^[a-z0-9-]+$/;
const ALIGN = ['align', 'left', 'center', 'right'] as const;
const headingId: [string, RegExp] = ['id', SAFE_ID];

export const SANITIZE_SCHEMA: SanitizeSchema = {
  tagNames: [
    ...'p ol ul li strong em b i code pre blockquote a br hr del sup sub kbd'.split(' '),
    ...HEADINGS,
    ...'table thead tbody tfoot tr th td'.split(' '),
  ],
  attributes: {
    a: ['href', 'title'],
    ol: ['start'],
    th: [[...ALIGN]],
    td: [[...ALIGN]],
    ...Object.fromEntries(HEADINGS.map((h) => [h, [headingId]])),
  },
  protocols: { href: ['http', 'https', 'mailto'] },
  ancestors: {
    thead: ['table'],
    tbody: ['table'],
    tfoot: ['table'],
    tr: ['table'],
    th: ['table'],
    td: ['table'],
  },
  required: {},
  clobber: [],
  clobberPrefix: '',
  // Dropped with their content; any other unknown element is unwrapped and its content kept.
  strip: (
    'script style template noscript noembed noframes iframe frame frameset object embed applet ' +
    'svg math select textarea button title xmp plaintext head marquee'
  ).split(' '),
  allowComments: false,
  allowDoctypes: false,
};

const sanitizeTree = rehypeSanitize(SANITIZE_SCHEMA);

export interface SanitizedHtml {
  html: string;
  tree: Root;
}

export function sanitizeHtml(html: string): SanitizedHtml {
  // Fragment parsing in a template context, as rehype-parse's `fragment: true` does. parse5 is
  // iterative; everything after it recurses, so the tree is flattened below MAX_HTML_DEPTH first.
  const fragment = parseFragment(html, { scriptingEnabled: false });
  flattenDeepHtml(fragment, MAX_HTML_DEPTH);
  const raw = fromParse5(fragment) as Root;
  prepare(raw);
  const tree = sanitizeTree(raw);
  tree.children = finishChildren(tree.children, {
    inLink: false,
    ids: new UniqueIds(),
  }) as RootContent[];
  return { html: toHtml(tree), tree };
}

/**
 * Before sanitising: a body h1 becomes an h2 (briefs render under the page's own h1), and hrefs are
 * canonicalised by the URL parser so the sanitiser's own protocol check sees what a browser would.
 */
function prepare(node: Root | Element): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'h1') child.tagName = 'h2';
    if (child.tagName === 'a') {
      const href = safeHref(child.properties.href);
      if (href) child.properties.href = href;
      else delete child.properties.href;
    }
    prepare(child);
  }
}

interface FinishState {
  inLink: boolean;
  ids: UniqueIds;
}

/** Post-sanitise pass: link policy, no nested links, unique heading ids (h2s always get one, for the outline). */
function finishChildren(
  children: ElementContent[] | RootContent[],
  state: FinishState,
): ElementContent[] {
  const out: ElementContent[] = [];
  for (const child of children) {
    if (child.type !== 'element') {
      if (child.type === 'text') out.push(child);
      continue;
    }
    if (child.tagName === 'a') {
      const href = state.inLink ? null : safeHref(child.properties.href);
      if (!href) {
        out.push(...finishChildren(child.children, state));
        continue;
      }
      child.properties = linkProperties(href, child.properties.title);
      child.children = finishChildren(child.children, { ...state, inLink: true });
      out.push(child);
      continue;
    }
    if (HEADINGS.includes(child.tagName)) assignHeadingId(child, state.ids);
    child.children = finishChildren(child.children, state);
    out.push(child);
  }
  return out;
}

const EXTERNAL_REL = ['noopener', 'noreferrer', 'nofollow'];

function linkProperties(href: string, title: unknown): Element['properties'] {
  const properties: Element['properties'] = { href };
  if (typeof title === 'string' && title) properties.title = title;
  if (href.startsWith('#')) return properties;
  properties.rel = EXTERNAL_REL;
  // A mail link opens the mail client, not a tab.
  if (!href.startsWith('mailto:')) properties.target = '_blank';
  return properties;
}

/**
 * Only http(s), mailto and same-document fragments. The WHATWG URL parser decides, as the browser
 * will: it strips tabs, newlines and leading control characters, so `jav\tascript:` is seen as
 * `javascript:` and refused. Relative paths would point at this app, not the feed, so they go too.
 */
export function safeHref(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed.startsWith('#')) return trimmed.length > 1 ? trimmed : null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:'
    ? url.href
    : null;
}

function assignHeadingId(heading: Element, ids: UniqueIds): void {
  const given = heading.properties.id;
  let base = typeof given === 'string' && SAFE_ID.test(given) ? given : null;
  if (!base && heading.tagName !== 'h2') {
    delete heading.properties.id;
    return;
  }
  base ??= toHeadingId(plainTextOf(heading)) || 'section';
  heading.properties.id = ids.take(base);
}

/** Hugo-style id of heading text (text, not HTML: the tree is already parsed), kept short. */
export function toHeadingId(text: string): string {
  return toSlug(text).slice(0, 80).replace(/-+$/, '');
}
