import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { BriefSections } from '@/lib/briefs/types';
import { LIMITS } from './fields';
import { plainTextOf } from '@/lib/html/plain-text';
import { sanitizeHtml } from '@/lib/html/sanitize';
import { extractSections } from './sections';
import { collapseSpace, truncate } from './text-cut';

// The expensive part of normalising an item: its body parsed, sanitised, split into sections and
// read as text. Plain data in, plain (structured-clonable) data out, so it runs the same on the
// serving thread and in the HTML worker pool (html-pool.ts).

/** An item's body as the feed gave it, cut to LIMITS.contentHtml. */
export interface ContentSource {
  html?: string;
  text?: string;
}

export interface RenderedContent {
  /** Sanitised HTML. */
  html: string;
  /** Plain text of the body, trimmed. */
  text: string;
  /** A summary for an item without one: the start of the body text, cut at a word. */
  lead: string;
  sections: BriefSections;
}

export function renderContent(source: ContentSource): RenderedContent {
  const { html, tree } = contentOf(source.html, source.text);
  return {
    html,
    text: plainTextOf(tree).trim(),
    lead: excerpt(leadText(tree)),
    sections: extractSections(tree),
  };
}

function contentOf(
  html: string | undefined,
  text: string | undefined,
): { html: string; tree: Root } {
  if (html) return sanitizeHtml(html.slice(0, LIMITS.contentHtml));
  if (!text) return { html: '', tree: { type: 'root', children: [] } };
  // A plain-text body becomes paragraphs of text nodes: nothing in it is ever read as markup.
  const paragraphs: Element[] = text
    .slice(0, LIMITS.contentHtml)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({
      type: 'element',
      tagName: 'p',
      properties: {},
      children: [{ type: 'text', value: p }],
    }));
  const tree: Root = { type: 'root', children: paragraphs };
  return { html: toHtml(tree), tree };
}

/** The body's text without headings ("Overview" is no way to start a summary), enough for an excerpt. */
function leadText(tree: Root): string {
  let lead = '';
  for (const node of tree.children) {
    if (lead.length > LIMITS.derivedSummary) break;
    if (node.type === 'element' && /^h[1-6]$/.test(node.tagName)) continue;
    lead += ` ${plainTextOf(node)}`;
  }
  return lead;
}

/** A summary for items without one: the start of the body text, cut at a word. */
function excerpt(text: string): string {
  const flat = collapseSpace(text);
  if (flat.length <= LIMITS.derivedSummary) return flat;
  const cut = truncate(flat, LIMITS.derivedSummary);
  const space = cut.lastIndexOf(' ');
  return `${space > LIMITS.derivedSummary / 2 ? cut.slice(0, space) : cut}…`;
}
