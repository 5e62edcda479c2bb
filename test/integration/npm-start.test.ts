import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, tempCacheDir, waitFor } from '@/dev/app-server';
import { findListeningPid } from '@/dev/load/proc';
import { withServerEnvDefaults } from '@/scripts/server-env.mjs';

// The quick start's `npm start` (scripts/start.mjs) on the existing build: it serves, and the
// server process runs with the environment defaults of scripts/server-env.mjs.

const ROOT = path.resolve(import.meta.dirname, '../..');
const children: ReturnType<typeof spawn>[] = [];
afterAll(() => children.forEach((c) => c.kill('SIGTERM')));

describe('npm start', () => {
  it('serves the dashboard from a server process with the malloc default', async () => {
    const port = await freePort();
    const env = { ...process.env };
    delete env.MALLOC_MMAP_THRESHOLD_;
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs')], {
      cwd: ROOT,
      env: {
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
        FEED_URL: 'offline',
        CACHE_DIR: tempCacheDir(),
      },
      stdio: 'ignore',
    });
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/api/status`).catch(() => null))?.ok === true);
    expect((await fetch(`${url}/`)).status).toBe(200);
    const pid = findListeningPid(child.pid!, port);
    expect(pid).not.toBeNull();
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    expect(environ).toContain('MALLOC_MMAP_THRESHOLD_=131072');
  }, 120_000);

  it('keeps what the operator set', () => {
    expect(withServerEnvDefaults({ MALLOC_MMAP_THRESHOLD_: '65536' })).toEqual({
      MALLOC_MMAP_THRESHOLD_: '65536',
    });
    expect(withServerEnvDefaults({ PORT: '3000' })).toEqual({
      MALLOC_MMAP_THRESHOLD_: '131072',
      PORT: '3000',
    });
  });
});
