import type { Element, Root, RootContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { plainTextOf } from '@/lib/html/plain-text';
import { toHeadingId } from '@/lib/html/sanitize';
import type { BriefSections, ListItem } from '@/lib/briefs/types';

// Splits a sanitised brief body into its h2 sections. Works on the tree (never on HTML strings), so
// the pieces are exactly the sanitised markup.

export type SectionKind = 'overview' | 'attackChain' | 'impact' | 'recommendations';

/** Classifies a heading by its words; case and wording vary across briefs. */
export function classifyHeading(heading: string): SectionKind | null {
  const words = heading
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const phrase = ` ${words.join(' ')} `;
  const has = (p: string) => phrase.includes(` ${p} `);
  const starts = (prefix: string) => words.some((w) => w.startsWith(prefix));
  // Order matters: "Recommendations to limit impact" is about recommendations.
  if (has('attack chain') || has('kill chain') || has('attack flow')) return 'attackChain';
  if (starts('recommend') || starts('mitigat') || starts('remediat')) return 'recommendations';
  if (has('impact')) return 'impact';
  if (has('overview') || has('summary')) return 'overview';
  return null;
}

interface RawSection {
  heading: Element;
  nodes: RootContent[];
}

export function extractSections(tree: Root): BriefSections {
  const preamble: RootContent[] = [];
  const sections: RawSection[] = [];
  for (const node of tree.children) {
    if (isElement(node, 'h2')) sections.push({ heading: node, nodes: [] });
    else (sections.at(-1)?.nodes ?? preamble).push(node);
  }

  const result: BriefSections = {
    overview: null,
    attackChain: [],
    impact: null,
    recommendations: [],
    other: [],
    outline: [],
  };
  const overviewParts = [fragmentHtml(preamble)];
  const impactParts: string[] = [];

  for (const { heading, nodes } of sections) {
    const title = plainText(heading);
    const id =
      typeof heading.properties.id === 'string' ? heading.properties.id : toHeadingId(title);
    result.outline.push({ id, heading: title });
    switch (classifyHeading(title)) {
      case 'overview':
        overviewParts.push(fragmentHtml(nodes));
        break;
      case 'attackChain':
        result.attackChain.push(...listItems(nodes));
        break;
      case 'impact':
        impactParts.push(fragmentHtml(nodes));
        break;
      case 'recommendations':
        result.recommendations.push(...listItems(nodes));
        break;
      default:
        result.other.push({ id, heading: title, html: fragmentHtml(nodes) });
    }
  }
  result.overview = joinHtml(overviewParts);
  result.impact = joinHtml(impactParts);
  return result;
}

/** The items of the section's lists; a section written as paragraphs gives one item per paragraph. */
function listItems(nodes: RootContent[]): ListItem[] {
  const lists = nodes.filter((n): n is Element => isElement(n, 'ol') || isElement(n, 'ul'));
  const items = lists.length
    ? lists.flatMap((list) => list.children.filter((c): c is Element => isElement(c, 'li')))
    : nodes.filter((n): n is Element => isElement(n, 'p'));
  return items
    .map((item) => ({ html: toHtml(item.children).trim(), text: plainText(item) }))
    .filter((item) => item.text !== '' || item.html !== '');
}

function isElement(
  node: RootContent | Element['children'][number],
  tagName: string,
): node is Element {
  return node.type === 'element' && node.tagName === tagName;
}

function fragmentHtml(nodes: RootContent[]): string {
  return toHtml({ type: 'root', children: nodes }).trim();
}

function joinHtml(parts: string[]): string | null {
  const html = parts.filter(Boolean).join('\n');
  return html === '' ? null : html;
}

function plainText(node: Element): string {
  return plainTextOf(node).replace(/\s+/g, ' ').trim();
}
