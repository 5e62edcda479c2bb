import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { guardRequest, isDataPath } from './request-guard';
import { requestPathname } from './request-pathname';

// Some requests never reach proxy.ts in a usable state: Next.js answers TRACE with a 500 and a
// stack trace in the log (its Web Request cannot carry the method), and it parses a 16 kB query
// before the proxy runs (942 ms on `/` for 5,300 parameters, docs/reliability.md). So the same
// guard also runs here, on Node's own request event, before Next.js sees the request: installed
// once from instrumentation.ts, it costs one string scan per request.

const INSTALLED = Symbol.for('threat-brief-dashboard.node-guard');

/**
 * Pages: only what cannot wait for the proxy (methods Next.js mishandles, queries over the caps).
 * The API, feeds and TAXII: every refusal, here, because proxy.ts's matcher leaves them out (the
 * proxy cost each API request about half its throughput; docs/benchmarks.md).
 */
function refuseEarly(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? '/';
  const method = req.method ?? 'GET';
  const pathname = requestPathname(url);
  const early =
    method === 'TRACE' || method === 'TRACK' || url.length > 1024 || isDataPath(pathname);
  if (!early) return false;
  const refused = guardRequest(method, pathname, url);
  if (!refused) return false;
  res.statusCode = refused.status;
  refused.headers.forEach((value, name) => res.setHeader(name, value));
  void refused.text().then((body) => res.end(method === 'HEAD' ? undefined : body));
  return true;
}

export function installNodeGuard(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  proto.emit = function guardedEmit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const [req, res] = args as [IncomingMessage, ServerResponse];
      if (refuseEarly(req, res)) return true;
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof proto.emit;
}
