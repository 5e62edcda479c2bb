import 'server-only';
import { createHash } from 'node:crypto';
import type { Brief, SkipReason } from '@/lib/briefs/types';
import { redactUrlsIn } from '@/lib/feed/redact';
import { jsonDeeperThan, MAX_JSON_DEPTH } from './depth';
import { slugFrom } from '@/lib/briefs/brief-slug';
import type { ContentRenderer } from './html-renderer';
import { normalizeItem, parseItem, toBrief, type NormalizeContext } from './normalize';
import type { StixIndex } from './stix';
import { WorkerLostError } from './worker-lost';
import { moduleLog } from '@/lib/ops/log';

/**
 * One feed item after normalisation: a brief, or why it could not become one and, when the item
 * has one, its slug or id (truncated) so /api/status can name it.
 */
export type Entry = { brief: Brief } | SkippedEntry;

/** An item not served: why, and its slug or id when it has one. */
export type SkippedEntry = { skip: SkipReason; name?: string };

/** Names longer than this are cut: a name is for finding the item, not for showing its id whole. */
const NAME_CHARS = 80;
/** Names kept per skip reason in the status. */
export const NAMES_PER_REASON = 20;

/**
 * Normalises one raw item into what a page keeps, depth check included (for callers without an
 * item key: the bundled demo). Nothing thrown by any step leaves it: the item is skipped instead.
 */
export function toEntry(raw: unknown, ctx: NormalizeContext): Entry {
  try {
    if (jsonDeeperThan(raw, MAX_JSON_DEPTH)) return skipOf('too-deep', raw);
  } catch (err) {
    return failedEntry(raw, err);
  }
  return normalizeEntry(raw, ctx);
}

/**
 * Normalises one item already checked for depth (itemKeyOf). Nothing thrown by any step (schema,
 * sanitiser, sections, plain text) leaves this function: that item is skipped as `failed`.
 */
export function normalizeEntry(raw: unknown, ctx: NormalizeContext): Entry {
  try {
    const result = normalizeItem(raw, ctx);
    return result.ok ? { brief: result.brief } : skipOf(result.reason, raw);
  } catch (err) {
    return failedEntry(raw, err);
  }
}

/**
 * normalizeEntry with the body rendered by `render` (html-renderer.ts): schema, fields and
 * techniques here, the HTML there. Never rejects: a body whose worker ran out of memory is
 * skipped as `out-of-memory`, any other failure as `failed`.
 */
export async function normalizeEntryRendered(
  raw: unknown,
  ctx: NormalizeContext,
  render: ContentRenderer,
): Promise<Entry> {
  try {
    const parsed = parseItem(raw);
    if (!parsed.ok) return skipOf(parsed.reason, raw);
    const content = await render(parsed.content);
    return { brief: toBrief(parsed, content, ctx) };
  } catch (err) {
    const outOfMemory = err instanceof WorkerLostError && err.outOfMemory;
    return failedEntry(raw, err, outOfMemory ? 'out-of-memory' : 'failed');
  }
}

function failedEntry(raw: unknown, err: unknown, reason: SkipReason = 'failed'): Entry {
  const entry = skipOf(reason, raw);
  moduleLog('ingest').warn(
    redactUrlsIn(`Feed item ${entry.name ?? '(no id)'} skipped: ${describe(err)}`),
  );
  return entry;
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message.slice(0, 200)}` : 'unknown error';
}

function skipOf(reason: SkipReason, raw: unknown): SkippedEntry {
  let name: string | null = null;
  try {
    name = nameOf(raw);
  } catch {
    name = null;
  }
  return name ? { skip: reason, name } : { skip: reason };
}

/** The item's slug, else its id or url as given, printable and truncated; null without either. */
export function nameOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const { id, url } = raw as { id?: unknown; url?: unknown };
  const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
  let name: string | null = null;
  try {
    name = slugFrom(text(url)) ?? slugFrom(text(id));
  } catch {
    name = null;
  }
  name ??= text(id).trim() || text(url).trim() || null;
  if (!name) return null;
  // Control and format characters (bidi overrides) would make the status lie about the name.
  const printable = name.replace(/[\p{Cc}\p{Cf}]/gu, '');
  return printable.length > NAME_CHARS ? `${printable.slice(0, NAME_CHARS - 1)}…` : printable;
}

export interface SkippedItems {
  reason: string;
  count: number;
  /** Slugs or ids of the first NAMES_PER_REASON items skipped for this reason. */
  names: string[];
}

/**
 * Pages in crawl order -> the entries of unique briefs (a slug seen on an earlier page wins) and
 * skip counts with names. Works on any entry that carries a brief (whole, or its list fields).
 */
export function assembleEntries<E extends { brief: { slug: string } }>(
  pages: Iterable<(E | SkippedEntry)[]>,
): { entries: E[]; skipped: SkippedItems[] } {
  const bySlug = new Map<string, E>();
  const skipped = new Map<string, SkippedItems>();
  const skip = (reason: string, name: string | undefined) => {
    let entry = skipped.get(reason);
    if (!entry) skipped.set(reason, (entry = { reason, count: 0, names: [] }));
    entry.count++;
    if (name && entry.names.length < NAMES_PER_REASON) entry.names.push(name);
  };
  for (const entries of pages) {
    for (const entry of entries) {
      if ('skip' in entry) skip(entry.skip, entry.name);
      else if (bySlug.has(entry.brief.slug)) skip('duplicate', entry.brief.slug);
      else bySlug.set(entry.brief.slug, entry);
    }
  }
  return {
    entries: [...bySlug.values()],
    skipped: [...skipped.values()].sort((a, b) => b.count - a.count),
  };
}

/**
 * An item's key (its JSON and, when a STIX bundle is read, the techniques STIX gives it), or why
 * it is skipped: its depth is checked here, once, before JSON.stringify recurses into it.
 */
export function itemKeyOf(raw: unknown, stix: StixIndex | null): { key: string } | SkippedEntry {
  try {
    if (jsonDeeperThan(raw, MAX_JSON_DEPTH)) return skipOf('too-deep', raw);
    const hash = createHash('sha1').update(JSON.stringify(raw) ?? 'undefined');
    const item = raw as { title?: unknown; date_published?: unknown; date?: unknown } | null;
    if (stix && item && typeof item.title === 'string') {
      const published = String(item.date_published ?? item.date ?? '');
      hash.update(JSON.stringify(stix.lookup(item.title, published) ?? null));
      hash.update(stix.extras(item.title, published)?.digest ?? '');
    }
    return { key: hash.digest('base64') };
  } catch {
    return skipOf('failed', raw);
  }
}
