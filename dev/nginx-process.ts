import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

// One nginx process on loopback with a configuration written into its own temp dir: started,
// waited for until `probePath` answers, and stopped (SIGQUIT, then the dir removed).

export const NGINX = '/usr/sbin/nginx';

export interface NginxProcess {
  url: string;
  stop: () => Promise<void>;
}

export async function runNginx(
  dir: string,
  port: number,
  probePath: string,
): Promise<NginxProcess> {
  const conf = path.join(dir, 'nginx.conf');
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
      await fetch(`${url}${probePath}`);
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
