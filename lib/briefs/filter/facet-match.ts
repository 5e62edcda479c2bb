import type { FacetName } from '@/lib/briefs/filter/types';
import { toSlug } from '@/lib/briefs/identifiers';
import { toLowerKey } from '@/lib/briefs/filter/facet-keys';

// Which forms of a filter value select a brief's value: the value as written, lower-cased, or the
// upstream slug of it (`tag=defense-evasion` selects `defense evasion` even where another brief
// spells it `defense-evasion`); for products also the name before a version in parentheses, as a
// brief shows `IBM MQ for HPE NonStop (8.1.0 through 8.1.0.40)` and indexes its name alone.

/** The lower-cased values a filter value stands for: itself, and a product's name without its version. */
export function toFilterForms(facet: FacetName, value: string): string[] {
  const forms = [value];
  if (facet === 'product') {
    const name = productNameOf(value);
    if (name !== null && toLowerKey(name) !== toLowerKey(value)) forms.push(name);
  }
  return forms;
}

/**
 * Whether a filter value is an upstream slug of several words (`defense-evasion`), so it also
 * selects every spelling with that slug (`defense evasion`). A single word that a brief carries
 * stays exact: `c` is not `C++`.
 */
export function isSlugForm(value: string): boolean {
  const slug = toSlug(value);
  return slug.includes('-') && slug === toLowerKey(value);
}

/** `IBM MQ` for `IBM MQ (9.3)`; null when the value does not end in a parenthesised version. */
function productNameOf(value: string): string | null {
  const trimmed = value.trim();
  if (!trimmed.endsWith(')')) return null;
  let depth = 0;
  for (let i = trimmed.length - 1; i >= 0; i--) {
    if (trimmed[i] === ')') depth++;
    else if (trimmed[i] === '(' && --depth === 0) {
      const name = trimmed.slice(0, i).trim();
      return name === '' ? null : name;
    }
  }
  return null;
}

/** The union of sorted position lists, sorted, each position once. */
export function unionSorted(lists: readonly (Uint32Array | undefined)[]): Uint32Array | undefined {
  const present = lists.filter((l): l is Uint32Array => l !== undefined && l.length > 0);
  if (present.length <= 1) return present[0] ?? lists.find((l) => l !== undefined);
  const merged = new Uint32Array(present.reduce((n, l) => n + l.length, 0));
  let size = 0;
  for (const list of present) merged.set(list, (size += list.length) - list.length);
  merged.sort();
  let out = 0;
  for (let i = 0; i < merged.length; i++)
    if (i === 0 || merged[i] !== merged[out - 1]) merged[out++] = merged[i]!;
  return merged.slice(0, out);
}
