import 'server-only';
import { createHash } from 'node:crypto';
import type { IndexedBrief } from '@/lib/briefs/types';

// Conditional requests and CORS for every read-only export and the JSON API. The data is public,
// so any origin may read it (never with credentials); a reader polls with If-None-Match or
// If-Modified-Since and gets a bodiless 304 until a refresh changes the data.

/** Bump when an export's bytes change for the same data, so cached copies are not kept. */
const EXPORT_FORMAT = 'exports-2';

/** Cheap polling: any cache may keep an answer for a minute, then must revalidate (a 304). */
export const EXPORT_CACHE_CONTROL = 'public, max-age=60, must-revalidate';

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers':
    'ETag, Last-Modified, Content-Disposition, X-TAXII-Date-Added-First, X-TAXII-Date-Added-Last',
};

/** The CORS preflight answer of a read-only resource. */
export function preflight(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS_HEADERS,
      allow: 'GET, HEAD, OPTIONS',
      'access-control-allow-methods': 'GET, HEAD, OPTIONS',
      'access-control-allow-headers': 'Accept, If-None-Match, If-Modified-Since',
      'access-control-max-age': '86400',
    },
  });
}

/** Adds the CORS headers to a response this app built (its headers are mutable). */
export function withCors(response: Response): Response {
  for (const [name, value] of Object.entries(CORS_HEADERS)) response.headers.set(name, value);
  return response;
}

export interface DataVersion {
  /** A hash of the served briefs: the same data gives the same version on every instance and restart. */
  version: string;
  /** When this data was first fetched (an unchanged refresh does not move it). */
  modifiedAt: Date;
}

const versions = new WeakMap<readonly IndexedBrief[], DataVersion>();

/**
 * The version of the served briefs. The store swaps its briefs array whole when data changes and
 * keeps it when every upstream page answered 304, so the array identifies one version; it is
 * hashed once; the bodies, kept in the brief store, count through `bodiesVersion`.
 */
export function dataVersionOf(
  briefs: readonly IndexedBrief[],
  bodiesVersion: string,
  fetchedAt: string | null,
): DataVersion {
  let known = versions.get(briefs);
  if (!known) {
    const hash = createHash('sha256').update(bodiesVersion);
    for (const brief of briefs) hash.update(JSON.stringify(brief));
    const fetched = fetchedAt ? new Date(fetchedAt) : new Date();
    // HTTP dates have whole seconds: a Last-Modified read back must compare equal.
    fetched.setUTCMilliseconds(0);
    known = { version: hash.digest('hex').slice(0, 32), modifiedAt: fetched };
    versions.set(briefs, known);
  }
  return known;
}

export interface Validators {
  etag: string;
  lastModified: string;
}

/** A strong ETag for one answer: the data version plus everything else the bytes depend on. */
export function toValidators(data: DataVersion, key: string): Validators {
  const digest = createHash('sha256')
    .update(`${EXPORT_FORMAT}\n${data.version}\n${key}`)
    .digest('base64url')
    .slice(0, 27);
  return { etag: `"${digest}"`, lastModified: data.modifiedAt.toUTCString() };
}

/** RFC 9110 13.1: If-None-Match wins (weak comparison); If-Modified-Since only without it. */
export function isNotModified(request: Request, validators: Validators): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const inm = request.headers.get('if-none-match');
  if (inm !== null) {
    return inm
      .split(',')
      .map((tag) => tag.trim().replace(/^W\//, ''))
      .some((tag) => tag === '*' || tag === validators.etag);
  }
  const ims = request.headers.get('if-modified-since');
  if (ims === null) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && Date.parse(validators.lastModified) <= since;
}

/** ETag, Last-Modified, Cache-Control and CORS for a 200 or 304 answer. */
export function exportHeaders(validators: Validators, vary?: string): Record<string, string> {
  return {
    ...CORS_HEADERS,
    etag: validators.etag,
    'last-modified': validators.lastModified,
    'cache-control': EXPORT_CACHE_CONTROL,
    ...(vary ? { vary } : {}),
  };
}

export function notModified(validators: Validators, vary?: string): Response {
  return new Response(null, { status: 304, headers: exportHeaders(validators, vary) });
}
