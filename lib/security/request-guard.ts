import { API_CSP, BASE_SECURITY_HEADERS } from './headers';
import { errorPageResponse } from './error-page';
import { checkQuery, hasMalformedPercentEncoding } from './request-limits';

// What the proxy refuses before routing, for pages and the API alike: an abusive query, a method
// other than GET and HEAD, an address that does not percent-decode. Each answer is what the README
// promises (JSON on the API, an HTML page elsewhere), with the security headers, and costs no
// parsing: Next.js would otherwise answer these with a 200 page, an empty 405 or a 500.

export const ALLOWED_METHODS = 'GET, HEAD';

export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

function apiError(
  status: number,
  message: string,
  parameter?: string,
  extra: Record<string, string> = {},
) {
  const error = parameter ? { parameter, message } : { message };
  return new Response(JSON.stringify({ error }), {
    status,
    headers: {
      ...BASE_SECURITY_HEADERS,
      'Content-Type': 'application/json',
      'Content-Security-Policy': API_CSP,
      'Cache-Control': 'no-store',
      ...extra,
    },
  });
}

/** The refusal for this request, or null to let it through. `rawUrl` is the URL as requested. */
export function guardRequest(method: string, pathname: string, rawUrl: string): Response | null {
  const api = isApiPath(pathname);
  const upper = method.toUpperCase();
  // HEAD gets the status and headers of GET without a body, as everywhere else.
  const asMethod = upper === 'HEAD' ? 'HEAD' : 'GET';
  if (upper !== 'GET' && upper !== 'HEAD') {
    const message = `${upper} is not allowed here; only ${ALLOWED_METHODS}`;
    const allow = { Allow: ALLOWED_METHODS };
    return api
      ? apiError(405, message, undefined, allow)
      : errorPageResponse(405, 'Method not allowed', message, asMethod, allow);
  }
  const query = checkQuery(rawUrl);
  if (!query.ok) {
    return api
      ? apiError(query.status, query.message, 'query')
      : errorPageResponse(query.status, 'Address too long', query.message, asMethod);
  }
  if (hasMalformedPercentEncoding(pathname)) {
    const message = 'The address has malformed percent-encoding (such as %ZZ or a lone %)';
    return api
      ? apiError(400, message, 'path')
      : errorPageResponse(400, 'Invalid address', message, asMethod);
  }
  return null;
}
