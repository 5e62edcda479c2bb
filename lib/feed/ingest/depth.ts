import 'server-only';
// An item's nesting is bounded before any recursive step (the memo key's JSON.stringify, zod) sees
// it, so depth is limited by this number, never by the stack (lib/html/html-depth.ts bounds HTML).

/**
 * A feed item is flat: item -> list -> CVE object -> field is depth 4. Deeper than this, the item
 * is skipped as `too-deep` (100,000 nested arrays overflowed JSON.stringify).
 */
export const MAX_JSON_DEPTH = 32;

/** True when `value` nests objects/arrays deeper than `max`; stops at the first such path. */
export function jsonDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= max) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
