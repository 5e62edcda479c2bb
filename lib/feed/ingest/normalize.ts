import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { plainTextOf } from './plain-text';
import type { TechniqueLookup } from '@/lib/briefs/attack/catalog';
import { CVE_ID, findTechniqueIds, isTechniqueId } from '@/lib/briefs/identifiers';
import { feedItemSchema, type RawCve } from './feed-item-schema';
import { sanitizeHtml } from './sanitize';
import { extractSections } from './sections';
import {
  BRIEF_TYPES,
  SEVERITIES,
  UNKNOWN_DATE,
  type AffectedProduct,
  type Brief,
  type BriefType,
  type Cve,
  type Severity,
  type SkipReason,
  type Technique,
} from '@/lib/briefs/types';

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

export const LIMITS = {
  title: 500,
  summary: 2000,
  derivedSummary: 300,
  facetValue: 200,
  /** Entries kept per list field: bounds what one hostile item can add to the facet indexes. */
  listEntries: 200,
  /** content_html beyond this is cut before parsing; real briefs are a few kB. */
  contentHtml: 500_000,
} as const;

export { UNKNOWN_DATE };

/** Letters and digits of any script (ids such as `zz-unicode-ü`), `.`, `_` and `-`: nothing a path or markup could read. */
const SLUG = /^[\p{L}\p{M}\p{N}._-]+$/u;
const SLUG_WORD = /[\p{L}\p{N}]/u;

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

/** Last non-empty path segment of a path or http(s) URL (`/briefs/2024-01-x/` -> `2024-01-x`). */
export function slugFrom(value: string | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    // The base only lets a bare path parse; an absolute URL ignores it.
    url = new URL(value, 'https://slug.invalid');
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const segment = url.pathname.split('/').findLast((s) => s !== '');
  const decoded = segment === undefined ? null : decodeSegment(segment);
  if (decoded === null) return null;
  const slug = normalizeSlug(decoded);
  return SLUG.test(slug) && SLUG_WORD.test(slug) ? slug : null;
}

/** One spelling per slug, for storing and for looking up: NFC (composed `ü`), lower case. */
export function normalizeSlug(value: string): string {
  return value.normalize('NFC').toLowerCase();
}

/** The URL parser percent-encodes non-ASCII path characters; a brief's slug is the decoded text. */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null; // not valid percent-encoding (`%ZZ`, an overlong `%C0%AE`)
  }
}

const FALLBACK_TITLE_WORDS = 12;

/** For an item without a title: the first words of its summary, else its slug. */
function fallbackTitle(summary: string, slug: string): string {
  const words = summary.split(' ').filter(Boolean);
  if (words.length === 0) return slug;
  const head = words.slice(0, FALLBACK_TITLE_WORDS).join(' ').replace(/…$/, '');
  return truncate(words.length > FALLBACK_TITLE_WORDS ? `${head}…` : head, LIMITS.title);
}

function httpUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

// RFC 3339 as JSON Feed specifies (date-only and a space separator tolerated). Date.parse alone would
// read "12" as December 2001 and zone-less strings in the server's local time.
const RFC3339 =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

function parseDate(value: string | undefined): string | null {
  const m = value ? RFC3339.exec(value.trim()) : null;
  if (!m) return null;
  const [, day = '', time, zone] = m;
  // Date.parse rolls 2025-02-30 over to March; a day that does not exist is no date.
  const dayMs = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(dayMs) || new Date(dayMs).toISOString().slice(0, 10) !== day) return null;
  const ms = Date.parse(time ? `${day}T${time}${zone ?? 'Z'}` : `${day}T00:00:00Z`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
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

function toSeverity(value: string): Severity | null {
  const v = value.trim().toLowerCase();
  const severity = v === 'rumor' ? 'rumour' : v;
  return (SEVERITIES as readonly string[]).includes(severity) ? (severity as Severity) : null;
}

function toBriefType(value: string | undefined): BriefType | null {
  const v = value?.trim().toLowerCase();
  const type = v === 'rule' ? 'coverage' : v === 'rumor' ? 'rumour' : v;
  return type && (BRIEF_TYPES as readonly string[]).includes(type) ? (type as BriefType) : null;
}

/** `Foo (< 2.3.1)` -> { name: 'Foo', version: '< 2.3.1' }: the version is the last balanced parenthesis. */
export function parseAffectedProduct(value: string): AffectedProduct {
  if (value.endsWith(')')) {
    let depth = 0;
    for (let i = value.length - 1; i >= 0; i--) {
      if (value[i] === ')') depth++;
      else if (value[i] === '(' && --depth === 0) {
        const name = value.slice(0, i).trim();
        const version = value.slice(i + 1, -1).trim();
        if (name) return { name, version: version || null };
        break;
      }
    }
  }
  return { name: value, version: null };
}

function toCves(raw: readonly RawCve[]): Cve[] {
  const byId = new Map<string, Cve>();
  for (const entry of raw) {
    const id = (typeof entry === 'string' ? entry : entry.id).trim().toUpperCase();
    if (!CVE_ID.test(id)) continue;
    const cvss = typeof entry === 'string' ? null : toCvss(entry.cvss);
    const known = byId.get(id);
    if (!known) byId.set(id, { id, cvss });
    else known.cvss ??= cvss;
  }
  return [...byId.values()].slice(0, LIMITS.listEntries);
}

function toCvss(value: unknown): number | null {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim()
        ? Number(value)
        : NaN;
  return Number.isFinite(n) && n >= 0 && n <= 10 ? n : null;
}

/** STIX techniques first (they carry names), then ids in tags and body text; named from the catalog. */
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
