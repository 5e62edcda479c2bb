// A brief's slug: the last path segment of its id (or url), percent-decoded and in one spelling,
// so `/briefs/zz-unicode-%C3%BC/` and a decomposed `ü` are the same brief.

/** Letters and digits of any script (ids such as `zz-unicode-ü`), `.`, `_` and `-`: nothing a path or markup could read. */
const SLUG = /^[\p{L}\p{M}\p{N}._-]+$/u;
const SLUG_WORD = /[\p{L}\p{N}]/u;

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
