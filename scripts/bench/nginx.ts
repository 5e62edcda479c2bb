import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@/dev/app-server';
import { NGINX, runNginx, type NginxProcess } from '@/dev/nginx-process';

// nginx serving one file from a temp dir: the "static bytes" ceiling for the same response body.

export { NGINX };
export type StaticServer = NginxProcess;

export async function startNginx(
  files: Record<string, Uint8Array | string>,
): Promise<StaticServer> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} not found`);
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-nginx-'));
  // Worker processes run as nobody when started by root: the root must be readable by them.
  chmodSync(dir, 0o755);
  for (const [name, body] of Object.entries(files))
    writeFileSync(path.join(dir, name), body, { mode: 0o644 });
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log;`,
      'events {}',
      'http {',
      '  access_log off;',
      '  default_type application/json;',
      // Debian's build points the temp dirs at /var/lib/nginx: keep everything in the temp dir.
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (t) => `  ${t}_temp_path ${dir}/${t}_temp;`,
      ),
      `  server { listen 127.0.0.1:${port}; root ${dir}; }`,
      '}',
      '',
    ].join('\n'),
  );
  return runNginx(dir, port, '/');
}
