import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { isDataPath } from '@/lib/security/request-guard';
import { requestPathname } from '@/lib/security/request-pathname';
import { sharedCacheControl } from './shared-cache';

// Next.js marks every dynamically rendered page `private, no-cache, no-store` and an App Router
// page cannot set its own headers; the proxy cannot either, as it runs before the page and does
// not know whether the answer will be a 200 or a 404. So the decision is made here, on Node's
// response, when the status is known: a page answered 200 to a GET or HEAD is the same bytes for
// every reader (the server holds no user state), so a shared cache may keep it for one staleness
// window (lib/api/shared-cache.ts). Errors, redirects and everything else keep Next.js's header.
// The API, feeds and TAXII set their own Cache-Control; here they lose the router headers Next.js
// adds to their Vary, so a shared cache keeps one copy of each (per encoding).

const INSTALLED = Symbol.for('threat-brief-dashboard.page-cache-headers');
/** Next.js's header on a dynamically rendered answer. */
const NEXT_DYNAMIC = /\bprivate\b.*\bno-store\b/;

type Kind = 'page' | 'data' | null;

function kindOf(req: IncomingMessage): Kind {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') return null;
  const pathname = requestPathname(req.url ?? '/');
  if (pathname.startsWith('/_next/')) return null;
  return isDataPath(pathname) ? 'data' : 'page';
}

/** Next.js's router headers, which it puts in every App Router answer's Vary. */
const ROUTER_VARY = /^(rsc|next-router-[a-z-]+)$/i;

/** The API, feeds and TAXII do not depend on the router's headers: only the encoding splits them. */
function minimalVary(res: ServerResponse): void {
  const vary = res.getHeader('vary');
  if (typeof vary !== 'string') return;
  const kept = vary
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v && !ROUTER_VARY.test(v));
  if (kept.length) res.setHeader('vary', kept.join(', '));
  else res.removeHeader('vary');
}

function shareWhenOk(res: ServerResponse, kind: 'page' | 'data'): void {
  const writeHead = res.writeHead;
  res.writeHead = function sharedWriteHead(this: ServerResponse, ...args: unknown[]) {
    if (kind === 'data') {
      minimalVary(this);
      return writeHead.apply(this, args as Parameters<typeof writeHead>);
    }
    const status = typeof args[0] === 'number' ? args[0] : this.statusCode;
    const current = this.getHeader('cache-control');
    if (status === 200 && typeof current === 'string' && NEXT_DYNAMIC.test(current))
      this.setHeader('cache-control', sharedCacheControl());
    return writeHead.apply(this, args as Parameters<typeof writeHead>);
  } as typeof res.writeHead;
}

export function installPageCacheHeaders(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  proto.emit = function pageCacheEmit(
    this: http.Server,
    event: string | symbol,
    ...args: unknown[]
  ) {
    if (event === 'request') {
      const [req, res] = args as [IncomingMessage, ServerResponse];
      const kind = kindOf(req);
      if (kind) shareWhenOk(res, kind);
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof proto.emit;
}
