import { API_CSP, BASE_SECURITY_HEADERS } from './headers';
import { errorPageResponse } from './error-page';
import { checkQuery, hasMalformedPercentEncoding } from './request-limits';

// What the proxy refuses before routing, for pages and the API alike: an abusive query, a method
// other than GET and HEAD, an address that does not percent-decode. Each answer is what the README
// promises (JSON on the API, an HTML page elsewhere), with the security headers, and costs no
// parsing: Next.js would otherwise answer these with a 200 page, an empty 405 or a 500.

const PAGE_METHODS = 'GET, HEAD';
/** Machine-readable answers also take the CORS preflight, which their routes answer. */
const DATA_METHODS = 'GET, HEAD, OPTIONS';

const DATA_PREFIXES = ['/api', '/taxii2'];
const DATA_FILES = new Set(['/feed.json', '/feed.xml', '/feed.atom', '/metrics']);

/** The JSON API, the feeds and TAXII: answered in JSON (or their format), never as a page. */
export function isDataPath(pathname: string): boolean {
  return (
    DATA_FILES.has(pathname) ||
    DATA_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`))
  );
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
  const api = isDataPath(pathname);
  const upper = method.toUpperCase();
  // HEAD gets the status and headers of GET without a body, as everywhere else.
  const asMethod = upper === 'HEAD' ? 'HEAD' : 'GET';
  const allowed = api ? DATA_METHODS : PAGE_METHODS;
  if (!allowed.split(', ').includes(upper)) {
    const message = `${upper} is not allowed here; only ${allowed}`;
    const allow = { Allow: allowed };
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
