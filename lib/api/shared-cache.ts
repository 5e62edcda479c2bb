import 'server-only';
import { forContentCoding } from '@/lib/api/content-coding';
import { createHash } from 'node:crypto';
import { getConfig } from '@/lib/config';
import type { SourceBlock } from '@/lib/serving/status';
import { isNotModified, notModified, type DataVersion, type Validators } from './export-response';

// What a shared cache (nginx, a CDN) may keep. The server holds no user state, so every reader of
// one URL gets the same bytes: pages, /api/briefs, /api/facets and the exports may be kept for one
// staleness window tied to FEED_REFRESH_SECONDS (the data cannot change faster than the refresh).
// Browsers keep nothing (max-age=0) and revalidate with the ETag (a bodiless 304). Errors, and any
// answer whose bytes depend on the request (links built on its Host when PUBLIC_ORIGIN is unset),
// are `no-store`. docs/nginx-cache.md configures nginx for these headers.

export const NO_STORE = 'no-store';

/** The longest a shared cache serves an answer fresh, then stale while it fetches the next. */
export function staleness(refreshSeconds: number): { fresh: number; stale: number } {
  // Half fresh, half stale-while-revalidate: a refresh reaches readers within one refresh
  // interval, and the window's second half costs no reader a wait.
  const fresh = Math.max(1, Math.floor(refreshSeconds / 2));
  return { fresh, stale: Math.max(1, refreshSeconds - fresh) };
}

export function sharedCacheControl(refreshSeconds = getConfig().refreshSeconds): string {
  const { fresh, stale } = staleness(refreshSeconds);
  return `public, max-age=0, s-maxage=${fresh}, stale-while-revalidate=${stale}`;
}

/** Recent validators by everything they hash: a repeated view costs no digest. */
const recentValidators = new Map<string, Validators>();
const RECENT_VALIDATORS = 256;

/** Validators of a JSON answer: the served data, the source line and the request's path and query. */
export function jsonValidators(
  data: DataVersion,
  block: SourceBlock,
  request: Request,
): Validators {
  // The path and query as requested (what follows the origin).
  const target = request.url.slice(request.url.indexOf('/', request.url.indexOf('//') + 2));
  const key = `json-1\n${data.version}\n${data.modifiedAt.getTime()}\n${JSON.stringify(block)}\n${target}`;
  let validators = recentValidators.get(key);
  if (!validators) {
    const digest = createHash('sha256').update(key).digest('base64url').slice(0, 27);
    validators = { etag: `"${digest}"`, lastModified: data.modifiedAt.toUTCString() };
    if (recentValidators.size >= RECENT_VALIDATORS) recentValidators.clear();
    recentValidators.set(key, validators);
  }
  // Weak where the body may be compressed: each content coding is its own representation.
  return forContentCoding(request, validators);
}

/** ETag, Last-Modified and the shared Cache-Control for a 200 or 304. */
export function sharedCacheHeaders(validators: Validators): Record<string, string> {
  return {
    etag: validators.etag,
    'last-modified': validators.lastModified,
    'cache-control': sharedCacheControl(),
  };
}

/** The 304 when the reader has this answer, else null. */
export function notModifiedShared(request: Request, validators: Validators): Response | null {
  if (!isNotModified(request, validators)) return null;
  const res = notModified(validators);
  res.headers.set('cache-control', sharedCacheControl());
  return res;
}

/** Sets the shared-cache headers on a 200 this app built (its headers are mutable). */
export function withSharedCache(response: Response, validators: Validators): Response {
  for (const [name, value] of Object.entries(sharedCacheHeaders(validators)))
    response.headers.set(name, value);
  return response;
}

/**
 * An export's Cache-Control: shared when its links are built on PUBLIC_ORIGIN; `no-store` when they
 * are built on the request's Host (a shared cache would hand one client's Host to every reader).
 */
export function exportCacheControl(publicOrigin: string | null, refreshSeconds: number): string {
  return publicOrigin ? sharedCacheControl(refreshSeconds) : NO_STORE;
}
