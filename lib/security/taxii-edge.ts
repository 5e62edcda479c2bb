import { API_CSP, BASE_SECURITY_HEADERS } from './headers';

// TAXII at the edge (proxy.ts): its refusals carry the TAXII 2.1 error body (section 3.6.1) in
// its media type with CORS, like every TAXII answer; and its addresses ending in `/` (the form
// TAXII clients use: `.../collections/{id}/objects/`) are served as they are, where Next.js would
// answer a bare 308 without CORS headers, which a browser on another origin cannot follow.

export const TAXII_PREFIX = '/taxii2';
const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

export function isTaxiiPath(pathname: string): boolean {
  return pathname === TAXII_PREFIX || pathname.startsWith(`${TAXII_PREFIX}/`);
}

/** A TAXII error answer with the security and CORS headers. */
export function taxiiEdgeError(
  status: number,
  title: string,
  description: string,
  extra: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ title, description, http_status: String(status) }), {
    status,
    headers: {
      ...BASE_SECURITY_HEADERS,
      'Content-Type': TAXII_MEDIA_TYPE,
      'Content-Security-Policy': API_CSP,
      'Cache-Control': 'no-store',
      'Access-Control-Allow-Origin': '*',
      Vary: 'Accept',
      ...extra,
    },
  });
}

/**
 * Where a path ending in `/` is answered: TAXII paths by their route as they are (`rewrite`: Next
 * matches them with the slash once its own redirect is off), every other by a 308 to the path
 * without it, as Next.js does by default. Null when there is no trailing slash.
 */
export function trailingSlashTarget(
  pathname: string,
): { rewrite: boolean; pathname: string } | null {
  if (pathname === '/' || !pathname.endsWith('/')) return null;
  const bare = pathname.replace(/\/+$/, '') || '/';
  return { rewrite: isTaxiiPath(bare), pathname: bare };
}
