import 'server-only';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// LMDB trusts its file: random bytes over a data page can make the native library segfault or
// abort (an `mdb_node_add` assertion) in whatever process reads or writes that page, and a
// flipped byte in a value fails to decode on every read. So before this process hands a store
// to lmdb, a child process opens it and reads every record of every table, then commits one small
// write (which walks the free-page list), with the same options. A child that dies (a signal, an
// abort), exits with an error or takes too long means the store is not opened here: the caller
// moves it aside and starts empty, so no start ever crash-loops on a bad disk block.

/** Table names and encodings as brief-store.ts opens them. */
const CHILD_SCRIPT = `
const [lmdbPath, dir, pageSize] = process.argv.slice(1);
const { open } = require(lmdbPath);
const root = open({ path: dir, maxDbs: 4, pageSize: Number(pageSize), compression: true, remapChunks: true });
let records = 0;
for (const [name, encoding] of [['meta'], ['listed'], ['bodies'], ['texts', 'string']]) {
  const db = root.openDB({ name, ...(encoding ? { encoding } : {}) });
  for (const { value } of db.getRange({ snapshot: false })) {
    if (value === undefined) throw new Error('unreadable record in ' + name);
    records++;
  }
}
const probe = root.openDB({ name: 'meta' });
probe.putSync('verify-probe', records);
probe.removeSync('verify-probe');
root.close();
process.stdout.write(JSON.stringify({ records }));
`;

/** Longer than any healthy full read of the store on a slow disk. */
const VERIFY_TIMEOUT_MS = 120_000;

/**
 * Why the LMDB environment in `dir` cannot be trusted to this process, or null when a child
 * process read it whole and wrote to it without fault (or there is nothing to verify yet).
 */
export function verifyStoreInChild(dir: string, pageSize: number): string | null {
  if (!existsSync(path.join(dir, 'data.mdb'))) return null;
  const lmdbPath = resolveLmdb();
  if (!lmdbPath) {
    // Never a reason to throw a healthy store away: it is opened unverified, and said so.
    console.error('The brief store was not verified: lmdb cannot be resolved from', process.cwd());
    return null;
  }
  const child = spawnSync(process.execPath, ['-e', CHILD_SCRIPT, lmdbPath, dir, String(pageSize)], {
    encoding: 'utf8',
    timeout: VERIFY_TIMEOUT_MS,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1024 * 1024,
  });
  if (child.error) return `store check could not run: ${child.error.message.slice(0, 200)}`;
  if (child.signal) return `damaged store: reading it killed a child process (${child.signal})`;
  if (child.status !== 0) {
    const lines = (child.stderr ?? '').split('\n').filter((l) => /error|assert|abort/i.test(l));
    // The error's first line without the record lmdb quotes after it (it may hold FEED_URL).
    const first = lines.find((l) => /^\w*Error/.test(l.trim())) ?? lines[0] ?? '';
    const why = first.replace(/\s*[{[].*$/, '').trim();
    return `damaged store: reading it failed in a child process (exit ${child.status}${why ? `: ${why.slice(0, 200)}` : ''})`;
  }
  return null;
}

/** lmdb as this app loads it (a server external, so from the app's node_modules). */
function resolveLmdb(): string | null {
  try {
    return createRequire(path.join(process.cwd(), 'package.json')).resolve('lmdb');
  } catch {
    return null;
  }
}
