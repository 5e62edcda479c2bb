import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { guardRequest } from './request-guard';

// Some requests never reach proxy.ts in a usable state: Next.js answers TRACE with a 500 and a
// stack trace in the log (its Web Request cannot carry the method), and it parses a 16 kB query
// before the proxy runs (942 ms on `/` for 5,300 parameters, docs/reliability.md). So the same
// guard also runs here, on Node's own request event, before Next.js sees the request: installed
// once from instrumentation.ts, it costs one string scan per request.

const INSTALLED = Symbol.for('threat-brief-dashboard.node-guard');

/** Only what cannot wait for the proxy: methods Next.js mishandles and queries over the caps. */
function refuseEarly(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? '/';
  const method = req.method ?? 'GET';
  const early = method === 'TRACE' || method === 'TRACK' || url.length > 1024;
  if (!early) return false;
  const query = url.indexOf('?');
  const pathname = query < 0 ? url : url.slice(0, query);
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
