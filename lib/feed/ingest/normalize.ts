import 'server-only';
import type { TechniqueLookup } from '@/lib/briefs/attack/catalog';
import { findTechniqueIds, isTechniqueId } from '@/lib/briefs/identifiers';
import { renderContent, type ContentSource, type RenderedContent } from './content';
import { feedItemSchema, type FeedItem } from './feed-item-schema';
import { slugFrom } from '@/lib/briefs/brief-slug';
import {
  httpUrl,
  isOutOfRangeDate,
  LIMITS,
  parseAffectedProduct,
  parseDate,
  toBriefType,
  toCves,
  toSeverity,
} from './fields';
import { collapseSpace, truncate } from './text-cut';
import { wellFormedJson } from '@/lib/text/well-formed';
import type { StixReportExtras } from './stix-indicators';
import { indicatorHashes } from '@/lib/briefs/indicators';
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
  /** Indicators, references and confidence the bundle gives the same report. */
  stixExtras?: (title: string, published: string) => StixReportExtras | undefined;
}

export type NormalizeResult = { ok: true; brief: Brief } | { ok: false; reason: SkipReason };

export { LIMITS, UNKNOWN_DATE, parseAffectedProduct };

export function normalizeItem(raw: unknown, ctx: NormalizeContext): NormalizeResult {
  const parsed = parseItem(raw);
  if (!parsed.ok) return parsed;
  return { ok: true, brief: toBrief(parsed, renderContent(parsed.content), ctx) };
}

/** An item that passed the schema and has a slug, its body not yet rendered. */
export interface ParsedItem {
  ok: true;
  item: FeedItem;
  slug: string;
  /** What renderContent (here or in the HTML worker pool) turns into the body. */
  content: ContentSource;
}

/** The cheap first step: schema and slug. The body is left for renderContent. */
export function parseItem(raw: unknown): ParsedItem | { ok: false; reason: SkipReason } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: 'not-an-object' };
  }
  // Lone surrogates become U+FFFD here, so nothing downstream (ids, URLs, hashes) can throw on one.
  const parsed = feedItemSchema.safeParse(wellFormedJson(raw));
  if (!parsed.success) return { ok: false, reason: 'not-an-object' };
  const item = parsed.data;
  const slug = slugFrom(item.url) ?? slugFrom(item.id);
  if (!slug) return { ok: false, reason: 'no-id' };
  const content: ContentSource = {};
  if (item.contentHtml) content.html = item.contentHtml.slice(0, LIMITS.contentHtml);
  else if (item.contentText) content.text = item.contentText.slice(0, LIMITS.contentHtml);
  return { ok: true, item, slug, content };
}

/** The last step: a parsed item and its rendered body -> the Brief (fields, techniques, tactics). */
export function toBrief(
  { item, slug }: ParsedItem,
  content: RenderedContent,
  ctx: NormalizeContext,
): Brief {
  const given = item.title ? truncate(collapseSpace(item.title), LIMITS.title) : '';

  const modified = parseDate(item.modified);
  const date = item.published.map(parseDate).find((d) => d !== null) ?? modified ?? UNKNOWN_DATE;

  const { html: contentHtml, text } = content;
  const summary = item.summary
    ? truncate(collapseSpace(item.summary), LIMITS.summary)
    : content.lead;
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

  const extras = ctx.stixExtras?.(title, date);
  const indicators = extras?.indicators ?? [];
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
    sections: content.sections,
    text,
    ...(!given && { untitled: true as const }),
    ...([...item.published, item.modified].some(isOutOfRangeDate) && {
      dateOutOfRange: true as const,
    }),
    confidence: extras?.confidence ?? null,
    indicators,
    indicatorsOmitted: extras?.indicatorsOmitted ?? 0,
    references: extras?.references ?? [],
    iocCount: indicators.length,
    iocTypes: [...new Set(indicators.map((i) => i.type))].sort(),
    iocHashes: indicatorHashes(indicators),
  };
  return brief;
}

const FALLBACK_TITLE_WORDS = 12;

/** For an item without a title: the first words of its summary, else its slug. */
function fallbackTitle(summary: string, slug: string): string {
  const words = summary.split(' ').filter(Boolean);
  if (words.length === 0) return slug;
  const head = words.slice(0, FALLBACK_TITLE_WORDS).join(' ').replace(/…$/, '');
  return truncate(words.length > FALLBACK_TITLE_WORDS ? `${head}…` : head, LIMITS.title);
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
