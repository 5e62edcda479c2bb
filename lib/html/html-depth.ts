import type { DefaultTreeAdapterMap } from 'parse5';

// HTML nesting is bounded before any recursive step (hast conversion, sanitising, serialising)
// sees it, so depth is limited by this number, never by the stack. Both walks are iterative.

/**
 * Rendered Markdown nests a few levels (list in a quote in a list). Elements deeper than this are
 * flattened: their text is kept as one text node, their markup is dropped (3,000 nested divs
 * overflowed hast-util-from-parse5).
 */
export const MAX_HTML_DEPTH = 64;

type Parse5Node = DefaultTreeAdapterMap['node'];
type Parse5Parent = DefaultTreeAdapterMap['parentNode'];

function childrenOf(node: Parse5Node): Parse5Node[] | null {
  return 'childNodes' in node ? (node.childNodes as Parse5Node[]) : null;
}

/** The text below `node`, in document order, gathered without recursion. */
function textBelow(node: Parse5Node): string {
  const parts: string[] = [];
  const stack: Parse5Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.nodeName === '#text')
      parts.push((current as DefaultTreeAdapterMap['textNode']).value);
    const content = (current as { content?: Parse5Node }).content;
    const children = childrenOf(current);
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    if (content) stack.push(content);
  }
  return parts.join(' ');
}

/**
 * Replaces the children of every element at `max` depth by one text node of their text, in place.
 * Returns whether anything was flattened.
 */
export function flattenDeepHtml(root: Parse5Parent, max: number): boolean {
  let flattened = false;
  const stack: [Parse5Node, number][] = [[root as Parse5Node, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    const children = childrenOf(node);
    const content = (node as { content?: Parse5Node }).content;
    if (depth >= max && (children?.length || content)) {
      const text = textBelow(node).replace(/\s+/g, ' ').trim();
      const parent = node as Parse5Parent;
      parent.childNodes = text
        ? [
            {
              nodeName: '#text',
              value: text,
              parentNode: parent,
            } as DefaultTreeAdapterMap['textNode'],
          ]
        : [];
      if (content) (content as Parse5Parent).childNodes = [];
      flattened = true;
      continue;
    }
    if (children) for (const child of children) stack.push([child, depth + 1]);
    if (content) stack.push([content, depth + 1]);
  }
  return flattened;
}
