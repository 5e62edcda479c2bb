import { z } from 'zod';
import { filterToSearchParams, parseBriefFilter } from '@/lib/briefs/filter/url';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { STORAGE_LIMITS } from './storage-keys';

// A watchlist is a named view: its canonical query string. The URL stays the whole state, so a
// watchlist's link is shareable; the browser keeps the list (localStorage, validated on read).

export interface Watchlist {
  id: string;
  name: string;
  /** Canonical query string of the view (page 1), '' for every brief. */
  query: string;
  createdAt: string;
}

const nameSchema = z.string().trim().min(1).max(STORAGE_LIMITS.watchlistName);
const querySchema = z.string().max(STORAGE_LIMITS.watchlistQuery);

export const watchlistSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  name: nameSchema,
  query: querySchema,
  createdAt: z.iso.datetime(),
});

/** What localStorage holds; anything else read back is dropped. */
export const storedWatchlistsSchema = z.array(watchlistSchema).max(STORAGE_LIMITS.watchlists);

export const EXPORT_FORMAT = 'craftedsignal-briefs-watchlists';

/** The export file: names and views only (ids and dates are this browser's own). */
export const watchlistFileSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  watchlists: z
    .array(z.object({ name: nameSchema, query: querySchema }))
    .max(STORAGE_LIMITS.watchlists),
});
export type WatchlistFile = z.infer<typeof watchlistFileSchema>;

/** The query a view is saved (and recognised) by: canonical, on page 1. */
export function toWatchlistQuery(filter: BriefFilter): string {
  return filterToSearchParams({ ...filter, page: 1 }).toString();
}

/** A stored or imported query in canonical form, or the parser's message. */
export function canonicalQuery(query: string): { query: string } | { error: string } {
  const parsed = parseBriefFilter(new URLSearchParams(query));
  if (!parsed.ok) return { error: parsed.error.message };
  return { query: toWatchlistQuery(parsed.filter) };
}

export function newWatchlistId(random: () => number = Math.random): string {
  return `w${Date.now().toString(36)}-${Math.floor(random() * 36 ** 6).toString(36)}`;
}

export type WatchlistResult = { ok: true; watchlists: Watchlist[] } | { ok: false; error: string };

export function addWatchlist(
  list: readonly Watchlist[],
  name: string,
  filter: BriefFilter,
  now: Date,
  id = newWatchlistId(),
): WatchlistResult {
  const parsedName = nameSchema.safeParse(name);
  if (!parsedName.success) {
    return {
      ok: false,
      error: `A name of 1 to ${STORAGE_LIMITS.watchlistName} characters, please`,
    };
  }
  if (list.length >= STORAGE_LIMITS.watchlists) {
    return { ok: false, error: `At most ${STORAGE_LIMITS.watchlists} watchlists` };
  }
  const query = toWatchlistQuery(filter);
  if (query.length > STORAGE_LIMITS.watchlistQuery) {
    return { ok: false, error: 'This view is too long to save' };
  }
  const watchlist = { id, name: parsedName.data, query, createdAt: now.toISOString() };
  return { ok: true, watchlists: [...list, watchlist] };
}

export function renameWatchlist(
  list: readonly Watchlist[],
  id: string,
  name: string,
): WatchlistResult {
  const parsedName = nameSchema.safeParse(name);
  if (!parsedName.success) {
    return {
      ok: false,
      error: `A name of 1 to ${STORAGE_LIMITS.watchlistName} characters, please`,
    };
  }
  return {
    ok: true,
    watchlists: list.map((w) => (w.id === id ? { ...w, name: parsedName.data } : w)),
  };
}

export function deleteWatchlist(list: readonly Watchlist[], id: string): Watchlist[] {
  return list.filter((w) => w.id !== id);
}

export function toWatchlistFile(list: readonly Watchlist[]): WatchlistFile {
  return {
    format: EXPORT_FORMAT,
    version: 1,
    watchlists: list.map(({ name, query }) => ({ name, query })),
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? issue.path.join('.') : 'the file';
  return `${path}: ${issue.message}`;
}

/**
 * Merges an export file into the list: views already saved (same query) are skipped, every query
 * is checked by the filter parser. Errors name what is wrong (`watchlists.2.query: ...`).
 */
export function importWatchlists(
  list: readonly Watchlist[],
  text: string,
  now: Date,
  makeId: () => string = newWatchlistId,
):
  | { ok: true; watchlists: Watchlist[]; added: number; skipped: number }
  | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'The file is not JSON' };
  }
  const parsed = watchlistFileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return {
      ok: false,
      error: `Not a watchlist export: ${first ? describeIssue(first) : 'invalid'}`,
    };
  }
  const next = [...list];
  const known = new Set(list.map((w) => w.query));
  let added = 0;
  let skipped = 0;
  for (const [i, entry] of parsed.data.watchlists.entries()) {
    const canonical = canonicalQuery(entry.query);
    if ('error' in canonical) {
      return { ok: false, error: `watchlists.${i}.query: ${canonical.error}` };
    }
    if (known.has(canonical.query)) {
      skipped++;
      continue;
    }
    if (next.length >= STORAGE_LIMITS.watchlists) {
      return { ok: false, error: `At most ${STORAGE_LIMITS.watchlists} watchlists` };
    }
    known.add(canonical.query);
    next.push({
      id: makeId(),
      name: entry.name,
      query: canonical.query,
      createdAt: now.toISOString(),
    });
    added++;
  }
  return { ok: true, watchlists: next, added, skipped };
}

/** The watchlist whose view this is, if any. */
export function findWatchlistFor(
  list: readonly Watchlist[],
  filter: BriefFilter,
): Watchlist | undefined {
  const query = toWatchlistQuery(filter);
  return list.find((w) => w.query === query);
}
