import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readRss } from './rss';

// What the server's own heap holds, asked from outside: a preload (NODE_OPTIONS --require) that on
// SIGUSR2 writes process.memoryUsage(), V8's heap statistics and spaces, before and after a full
// collection (through the inspector, so no --expose-gc), to <dir>/<pid>.heap.json. Cheap: no
// profiler runs, so the servers it is loaded into time like any other.

const PRELOAD = `
const { Session } = require('node:inspector');
const { writeFileSync, renameSync } = require('node:fs');
const v8 = require('node:v8');
const dir = process.env.BENCH_HEAP_DIR;
const snap = () => ({
  ...process.memoryUsage(),
  heapSizeLimit: v8.getHeapStatistics().heap_size_limit,
  spaces: v8.getHeapSpaceStatistics().map((s) => ({ name: s.space_name, used: s.space_used_size, size: s.space_size })),
});
process.on('SIGUSR2', () => {
  const before = snap();
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.collectGarbage', () => {
    const file = dir + '/' + process.pid + '.heap.json';
    writeFileSync(file + '.tmp', JSON.stringify({ before, afterGc: snap() }));
    renameSync(file + '.tmp', file);
    setImmediate(() => session.disconnect()); // not from inside the session's own callback
  });
});
`;

export interface HeapSnap {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  heapSizeLimit: number;
  spaces: { name: string; used: number; size: number }[];
}

export interface HeapReading {
  before: HeapSnap;
  afterGc: HeapSnap;
  /** /proc's split of the resident set after the collection. */
  anon: number;
  file: number;
}

export interface MemoryProbe {
  /** NODE_OPTIONS and BENCH_HEAP_DIR for the server; `extraNodeOptions` e.g. a heap limit. */
  env(extraNodeOptions?: string): Record<string, string>;
  read(pid: number): Promise<HeapReading>;
  dispose(): void;
}

export function memoryProbe(): MemoryProbe {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-heap-'));
  const preload = path.join(dir, 'heap-probe.cjs');
  writeFileSync(preload, PRELOAD);
  return {
    env: (extra) => ({
      NODE_OPTIONS: [`--require ${preload}`, extra].filter(Boolean).join(' '),
      BENCH_HEAP_DIR: dir,
    }),
    async read(pid) {
      const file = path.join(dir, `${pid}.heap.json`);
      rmSync(file, { force: true });
      process.kill(pid, 'SIGUSR2');
      const deadline = Date.now() + 60_000;
      while (!existsSync(file)) {
        if (Date.now() > deadline) throw new Error(`the server (${pid}) wrote no ${file}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const reading = JSON.parse(readFileSync(file, 'utf8')) as Omit<HeapReading, 'anon' | 'file'>;
      const { anon, file: fileBacked } = readRss(pid);
      return { ...reading, anon, file: fileBacked };
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The heap's largest spaces after collection, as `old_space 80 MB, ...`. */
export function largestSpaces(s: HeapSnap, n = 3): string {
  return [...s.spaces]
    .sort((a, b) => b.used - a.used)
    .slice(0, n)
    .map((x) => `${x.name} ${(x.used / 1024 / 1024).toFixed(0)} MB`)
    .join(', ');
}
