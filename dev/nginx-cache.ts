import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './app-server';
import { NGINX, runNginx } from './nginx-process';

// nginx with the proxy_cache configuration of docs/nginx-cache.md (read from that file, so what is
// documented is what is tested) in front of a dashboard, through a counting pass-through, so a test
// sees every request that reached the dashboard.

export { NGINX };
const DOC = path.resolve(import.meta.dirname, '../docs/nginx-cache.md');

export interface CachingNginx {
  url: string;
  /** Requests that reached the dashboard, by path and query. */
  upstreamRequests: (pathAndQuery?: string) => number;
  stop: () => Promise<void>;
}

/** The doc's nginx block, pointed at `upstream` and listening on `port`, its cache in `dir`. */
export function documentedConfig(dir: string, port: number, upstream: string): string {
  const block = /```nginx\n([\s\S]*?)```/.exec(readFileSync(DOC, 'utf8'))?.[1];
  if (!block) throw new Error(`no nginx block in ${DOC}`);
  const replace = (text: string, from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`docs/nginx-cache.md no longer has ${from}`);
    return text.replace(from, to);
  };
  let conf = replace(block, '/var/cache/nginx/briefs', `${dir}/cache`);
  conf = replace(conf, 'server 127.0.0.1:3000;', `server ${upstream};`);
  conf = replace(conf, 'listen 80;', `listen 127.0.0.1:${port};`);
  return [
    'daemon off;',
    'worker_processes 1;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log;`,
    'events {}',
    'http {',
    '  access_log off;',
    // Debian's build points the temp dirs at /var/lib/nginx: keep everything in the temp dir.
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
      (t) => `  ${t}_temp_path ${dir}/${t}_temp;`,
    ),
    conf,
    '}',
    '',
  ].join('\n');
}

/** Forwards every request to `target` and counts it. */
async function countingProxy(target: URL): Promise<{
  address: string;
  counts: Map<string, number>;
  close: () => Promise<void>;
}> {
  const counts = new Map<string, number>();
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const key = req.url ?? '/';
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const out = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: key,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function startCachingNginx(appUrl: string): Promise<CachingNginx> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} not found (apt-get install nginx-light)`);
  const proxy = await countingProxy(new URL(appUrl));
  const dir = mkdtempSync(path.join(tmpdir(), 'nginx-cache-'));
  // Worker processes run as nobody when started by root: the dir must be theirs to use.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(conf, documentedConfig(dir, port, proxy.address));
  const nginx = await runNginx(dir, port, '/api/status');
  return {
    url: nginx.url,
    upstreamRequests: (key) =>
      key === undefined
        ? [...proxy.counts.values()].reduce((a, b) => a + b, 0)
        : (proxy.counts.get(key) ?? 0),
    stop: async () => {
      await nginx.stop();
      await proxy.close();
    },
  };
}
