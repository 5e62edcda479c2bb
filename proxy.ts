import { NextResponse, type NextRequest } from 'next/server';
import { pageFilterError } from '@/lib/briefs/filter/page-filter';
import { filterErrorPageResponse } from '@/lib/pages/filter-error-page';
import { BASE_SECURITY_HEADERS, pageCsp } from '@/lib/security/headers';
import { guardRequest, isDataPath } from '@/lib/security/request-guard';

// Every request but static assets passes here first, prefetches included (they carry the same
// pages and filters). lib/security/request-guard.ts refuses abusive queries, methods other than
// GET/HEAD (and OPTIONS on the API and feeds) and malformed percent-encoding, everywhere. Pages then get a fresh
// nonce per request: Next.js reads it from the request's CSP header and puts it on its own
// scripts, so no inline script runs without it. A page with a filter it cannot read is answered
// here with HTTP 400 (see lib/pages/filter-error-page.ts for why not by the page).
export function proxy(request: NextRequest) {
  const { pathname, searchParams } = request.nextUrl;
  const refused = guardRequest(request.method, pathname, request.url);
  if (refused) return refused;
  if (isDataPath(pathname)) return NextResponse.next();
  const bad = pageFilterError(pathname, searchParams);
  if (bad) return filterErrorPageResponse(bad.page, bad.error, request.method);
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = pageCsp(nonce, process.env.NODE_ENV === 'development');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS))
    response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
