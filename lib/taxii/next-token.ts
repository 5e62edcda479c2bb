import 'server-only';
import { createHash } from 'node:crypto';

// TAXII `next` tokens: a cursor (the date_added and id of a page's last object) bound to the
// collection and the query it was given for. A token carried to another collection or another
// filter would silently skip objects there (the cursor means nothing in that ordering), so such a
// token, and one of an older format, is refused with a 400 that names it.

const FORMAT = 2;

export interface Cursor {
  dateAdded: string;
  id: string;
}

/** What a token is bound to: the collection (and endpoint) and every filter but limit and next. */
export function toQueryBinding(scope: string, params: URLSearchParams): string {
  const filters = [...params]
    .filter(([name]) => name !== 'next' && name !== 'limit')
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([scope, filters]))
    .digest('base64url')
    .slice(0, 16);
}

export function encodeNextToken(binding: string, cursor: Cursor): string {
  return Buffer.from(JSON.stringify([FORMAT, binding, cursor.dateAdded, cursor.id])).toString(
    'base64url',
  );
}

export type DecodedToken =
  { ok: true; cursor: Cursor } | { ok: false; reason: 'malformed' | 'stale' | 'foreign' };

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function decodeNextToken(token: string, binding: string): DecodedToken {
  let value: unknown;
  try {
    if (token.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(token))
      return { ok: false, reason: 'malformed' };
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!Array.isArray(value)) return { ok: false, reason: 'malformed' };
  // The first format was [dateAdded, id], bound to nothing.
  if (value.length === 2 && typeof value[0] === 'string') return { ok: false, reason: 'stale' };
  const [format, bound, dateAdded, id] = value as unknown[];
  if (format !== FORMAT) return { ok: false, reason: 'stale' };
  if (typeof dateAdded !== 'string' || !TIMESTAMP.test(dateAdded) || typeof id !== 'string')
    return { ok: false, reason: 'malformed' };
  if (bound !== binding) return { ok: false, reason: 'foreign' };
  return { ok: true, cursor: { dateAdded, id } };
}

export const NEXT_TOKEN_MESSAGES: Record<'malformed' | 'stale' | 'foreign', string> = {
  malformed: 'is not a value this server gave in a `next` property',
  stale: 'was given by an older version of this server; start again without `next`',
  foreign:
    'was given for another collection or another query (added_after and match[...] must stay the same while paging); start again without `next`',
};
