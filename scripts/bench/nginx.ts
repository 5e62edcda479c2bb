import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@/dev/app-server';

// nginx serving one file from a temp dir: the "static bytes" ceiling for the same response body.

export const NGINX = '/usr/sbin/nginx';

export interface StaticServer {
  url: string;
  stop: () => Promise<void>;
}

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
  const child: ChildProcess = spawn(NGINX, ['-c', conf, '-p', dir, '-e', `${dir}/error.log`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = existsSync(`${dir}/error.log`) ? readFileSync(`${dir}/error.log`, 'utf8') : '';
      throw new Error(`nginx exited (${child.exitCode}): ${output}${log}`);
    }
    try {
      await fetch(`${url}/`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`nginx did not listen on ${url}: ${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGQUIT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
