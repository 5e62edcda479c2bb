// "Hide read" as a list filter. What was read is kept in the browser only (localStorage), so the
// list asks the API to leave those briefs out: /api/briefs?exclude=… carries a short hash of each
// read slug, and the server drops the briefs whose slug hashes to one of them before it counts,
// pages and counts facets. The count, the pages and j/k then cover exactly the rows shown.
//
// Why hashes: 5,000 read slugs would not fit in a URL (the query is capped at 4,096 characters).
// A hash is 6 base64url characters (36 bits), so about 550 fit; the most recently read go first.
// A brief read longer ago than that shows again (never an unread brief hidden by lack of room).
// Two slugs sharing a hash would hide an unread brief: with 550 hashes over a 10,000-brief feed
// the chance is about 1 in 12,000 per view (10,000 * 550 / 2^36).

export const EXCLUDE_PARAM = 'exclude';
export const SLUG_HASH_LENGTH = 6;
/** Characters of the `exclude` value the list may use (the rest of the query keeps its room). */
export const EXCLUDE_BUDGET = 3_300;
export const MAX_EXCLUDED = Math.floor(EXCLUDE_BUDGET / SLUG_HASH_LENGTH);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** cyrb53 (a public-domain 53-bit string hash), its low 36 bits as 6 base64url characters. */
export function toSlugHash(slug: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < slug.length; i++) {
    const c = slug.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  // 32 bits of h1 and 4 of h2: six 6-bit characters.
  let out = '';
  let low = h1 >>> 0;
  let high = (h2 >>> 0) & 0xf;
  for (let i = 0; i < SLUG_HASH_LENGTH; i++) {
    out += ALPHABET[low & 63];
    low = (low >>> 6) | ((high & 63) << 26);
    high >>>= 6;
  }
  return out;
}

/** The `exclude` value for the read slugs (oldest first, as stored): the newest that fit. */
export function toExcludeParam(readSlugs: readonly string[]): string {
  const newest = readSlugs.slice(-MAX_EXCLUDED);
  return [...new Set(newest.map(toSlugHash))].sort().join('');
}

export type ParsedExclude =
  { ok: true; hashes: ReadonlySet<string> } | { ok: false; parameter: string; message: string };

export function parseExcludeParam(values: readonly string[]): ParsedExclude {
  if (values.length === 0) return { ok: true, hashes: new Set() };
  const value = values[0]!;
  const pattern = new RegExp(`^(?:[A-Za-z0-9_-]{${SLUG_HASH_LENGTH}})*$`);
  if (values.length > 1 || value.length > EXCLUDE_BUDGET + SLUG_HASH_LENGTH || !pattern.test(value))
    return {
      ok: false,
      parameter: EXCLUDE_PARAM,
      message: `must be one run of ${SLUG_HASH_LENGTH}-character slug hashes, at most ${MAX_EXCLUDED} (got ${values.length} values of ${value.length} characters)`,
    };
  const hashes = new Set<string>();
  for (let i = 0; i < value.length; i += SLUG_HASH_LENGTH)
    hashes.add(value.slice(i, i + SLUG_HASH_LENGTH));
  return { ok: true, hashes };
}
