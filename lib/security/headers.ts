// Security headers for every response. Pages get a per-request nonce CSP from proxy.ts; API and
// static responses get the fixed headers below from next.config.mjs.

export { API_CSP, BASE_SECURITY_HEADERS } from './static-headers.mjs';

/** For an HTML page the server writes whole (the bad-filter page): its own styles, no script, nothing loaded. */
export const STATIC_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Scripts only with this request's nonce (no 'unsafe-inline' scripts). Styles allow inline
 * attributes because popover positioning sets them; sanitised upstream HTML carries no styles.
 */
export function pageCsp(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
