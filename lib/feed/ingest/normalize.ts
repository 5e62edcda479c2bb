import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { plainTextOf } from './plain-text';
import type { TechniqueLookup } from '@/lib/briefs/attack/catalog';
import { findTechniqueIds, isTechniqueId } from '@/lib/briefs/identifiers';
import { feedItemSchema } from './feed-item-schema';
import { slugFrom } from './brief-slug';
import {
  httpUrl,
  LIMITS,
  parseAffectedProduct,
  parseDate,
  toBriefType,
  toCves,
  toSeverity,
} from './fields';
import { sanitizeHtml } from './sanitize';
import { extractSections } from './sections';
import { UNKNOWN_DATE, type Brief, type SkipReason, type Technique } from '@/lib/briefs/types';

// Turns one raw feed item into the app's Brief. Bad fields are coerced or dropped; only an item
// that cannot be linked (no object, no slug) is skipped. An item without a title (optional in
// JSON Feed 1.1) is shown under a fallback title and flagged `untitled`.

export interface StixTechnique {
  id: string;
  name: string;
}

export interface NormalizeContext {
  catalog: TechniqueLookup;
  /** Techniques the feed's STIX bundle gives the report matching (title, published ISO date). */
  stixTechniques?: (title: string, published: string) => StixTechnique[] | undefined;
}

export type NormalizeResult = { ok: true; brief: Brief } | { ok: false; reason: SkipReason };

export { LIMITS, UNKNOWN_DATE, parseAffectedProduct };

export function normalizeItem(raw: unknown, ctx: NormalizeContext): NormalizeResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: 'not-an-object' };
  }
  const parsed = feedItemSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'not-an-object' };
  const item = parsed.data;

  const slug = slugFrom(item.url) ?? slugFrom(item.id);
  if (!slug) return { ok: false, reason: 'no-id' };
  const given = item.title ? truncate(collapseSpace(item.title), LIMITS.title) : '';

  const modified = parseDate(item.modified);
  const date = item.published.map(parseDate).find((d) => d !== null) ?? modified ?? UNKNOWN_DATE;

  const { html: contentHtml, tree } = contentOf(item.contentHtml, item.contentText);
  const text = plainTextOf(tree).trim();
  const summary = item.summary
    ? truncate(collapseSpace(item.summary), LIMITS.summary)
    : excerpt(leadText(tree));
  const title = given || fallbackTitle(summary, slug);

  const severities = uniqueValues(item.severities.map(toSeverity));
  const affected = uniqueBy(
    cleanList(item.products).map(parseAffectedProduct),
    (p) => `${p.name}\u0000${p.version}`,
  );
  const tags = cleanList(item.tags);
  const pocReferences = uniqueValues(item.pocReferences.map(httpUrl)).slice(0, LIMITS.listEntries);
  const techniques = collectTechniques(ctx, title, date, tags, text);
  const tactics = ctx.catalog.sortTactics([
    ...tags.flatMap((tag) => ctx.catalog.resolveTactic(tag)?.shortname ?? []),
    ...techniques.flatMap((t) => t.tactics),
  ]);

  const brief: Brief = {
    slug,
    title,
    summary,
    date,
    type: toBriefType(item.type),
    severity: severities[0] ?? null,
    vendors: cleanList(item.vendors),
    products: uniqueBy(
      affected.map((p) => p.name),
      (name) => name,
    ),
    actors: cleanList(item.actors),
    tags,
    exploited: item.exploited ?? null,
    hasPoc: item.hasPoc === true || pocReferences.length > 0,
    url: httpUrl(item.url),
    modified,
    severities,
    affected,
    cves: toCves(item.cves),
    pocReferences,
    cpes: uniqueValues(
      item.cpes.map((c) => c.trim()).filter((c) => c.toLowerCase().startsWith('cpe:')),
    ).slice(0, LIMITS.listEntries),
    techniques,
    tactics,
    contentHtml,
    sections: extractSections(tree),
    text,
    ...(!given && { untitled: true as const }),
  };
  return { ok: true, brief };
}

const FALLBACK_TITLE_WORDS = 12;

/** For an item without a title: the first words of its summary, else its slug. */
function fallbackTitle(summary: string, slug: string): string {
  const words = summary.split(' ').filter(Boolean);
  if (words.length === 0) return slug;
  const head = words.slice(0, FALLBACK_TITLE_WORDS).join(' ').replace(/…$/, '');
  return truncate(words.length > FALLBACK_TITLE_WORDS ? `${head}…` : head, LIMITS.title);
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

function collapseSpace(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** Cuts at a code-point boundary so a surrogate pair is never split. */
function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const end = /[\uD800-\uDBFF]/.test(value.charAt(max - 1)) ? max - 1 : max;
  return value.slice(0, end).trimEnd();
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

/** Trimmed, capped, non-empty, deduplicated case-insensitively (the first spelling wins). */
function cleanList(values: readonly string[]): string[] {
  const cleaned = values.map((v) => truncate(collapseSpace(v), LIMITS.facetValue)).filter(Boolean);
  return uniqueBy(cleaned, (v) => v).slice(0, LIMITS.listEntries);
}

function uniqueBy<T>(values: readonly T[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = key(v).toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function uniqueValues<T extends string>(values: readonly (T | null)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== null))];
}

function collectTechniques(
  ctx: NormalizeContext,
  title: string,
  date: string,
  tags: readonly string[],
  text: string,
): Technique[] {
  const byId = new Map<string, Technique>();
  const add = (rawId: unknown, rawName: unknown) => {
    if (typeof rawId !== 'string') return;
    const id = rawId.trim().toUpperCase();
    if (!isTechniqueId(id)) return;
    const name =
      typeof rawName === 'string'
        ? truncate(collapseSpace(rawName), LIMITS.facetValue) || null
        : null;
    const known = byId.get(id);
    if (known) known.name ??= name;
    else
      byId.set(id, {
        id,
        name: name ?? ctx.catalog.nameOf(id),
        tactics: ctx.catalog.tacticsOf(id),
      });
  };
  for (const t of ctx.stixTechniques?.(title, date) ?? []) add(t?.id, t?.name);
  for (const tag of tags) for (const id of findTechniqueIds(tag)) add(id, null);
  for (const id of findTechniqueIds(text)) add(id, null);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
