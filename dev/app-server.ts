import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withServerEnvDefaults } from '../scripts/server-env.mjs';

// Starts the production build (`next start`) as a real process, as users run it.

const ROOT = path.resolve(import.meta.dirname, '..');
const NEXT_BIN = path.join(ROOT, 'node_modules/next/dist/bin/next');

export interface AppServer {
  url: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export function tempCacheDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'brief-cache-'));
}

export async function startApp(
  env: Record<string, string>,
  opts: { waitReady?: boolean; dir?: string; readyPath?: string } = {},
): Promise<AppServer> {
  const port = await freePort();
  // Another checkout (the bench's baseline release) runs its own Next.js; the floor app, ours.
  const ownBin = opts.dir && path.join(opts.dir, 'node_modules/next/dist/bin/next');
  const child = spawn(
    process.execPath,
    [
      ownBin && existsSync(ownBin) ? ownBin : NEXT_BIN,
      'start',
      ...(opts.dir ? [opts.dir] : []),
      '-p',
      String(port),
      '-H',
      '127.0.0.1',
    ],
    {
      cwd: opts.dir ?? ROOT,
      env: {
        ...withServerEnvDefaults(process.env),
        CACHE_DIR: tempCacheDir(),
        ATTACK_URL: 'off',
        // No public KEV/EPSS download from a test; tests of lib/signals/ point them at a stand-in.
        KEV_URL: 'off',
        EPSS_URL: 'off',
        ...env,
        PORT: String(port),
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  if (opts.waitReady !== false) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`app exited early (${child.exitCode}):\n${output}`);
      try {
        const res = await fetch(`${url}${opts.readyPath ?? '/api/status'}`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`app did not become ready:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { url, port, process: child, output: () => output, stop };
}

/** Polls until `check` returns a truthy value (or throws after the timeout). */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
