import 'server-only';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { metrics } from './metrics';
import type { RouteMatcher } from './route-template';

// One hook on Node's own server events, under Next.js, for what Next.js does not expose: the
// server itself (a graceful shutdown closes it), per-request metrics, and `Connection: close` on
// answers given while the server drains, so keep-alive clients let go. Per request it costs a
// boolean test when metrics are off; with metrics on, a timestamp, one 'finish' listener, a
// counter increment and a histogram observation.

interface HookState {
  installed: boolean;
  servers: Set<http.Server>;
  draining: boolean;
  routeOf: RouteMatcher | null;
}

const KEY = Symbol.for('threat-brief-dashboard.server-hook');
type GlobalWithHook = typeof globalThis & { [KEY]?: HookState };

export function serverHookState(): HookState {
  const g = globalThis as GlobalWithHook;
  g[KEY] ??= { installed: false, servers: new Set(), draining: false, routeOf: null };
  return g[KEY];
}

const METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH']);

function observe(state: HookState, req: IncomingMessage, res: ServerResponse): void {
  const startedAt = performance.now();
  res.once('finish', () => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const route = state.routeOf!(query < 0 ? url : url.slice(0, query));
    const method = req.method && METHODS.has(req.method) ? req.method : 'other';
    const m = metrics();
    m.httpRequests.inc({ route, method, status: res.statusCode });
    m.httpDuration.observe({ route }, (performance.now() - startedAt) / 1000);
  });
}

/** Installs the hook once per process; `routeOf` set turns the HTTP metrics on. */
export function installServerHook(routeOf: RouteMatcher | null): void {
  const state = serverHookState();
  state.routeOf = routeOf;
  if (state.installed) return;
  state.installed = true;
  const proto = http.Server.prototype;
  const emit = proto.emit;
  proto.emit = function hookedEmit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const [req, res] = args as [IncomingMessage, ServerResponse];
      if (state.draining) res.setHeader('Connection', 'close');
      if (state.routeOf) observe(state, req, res);
    } else if (event === 'connection' && !state.servers.has(this)) {
      state.servers.add(this);
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof proto.emit;
}
