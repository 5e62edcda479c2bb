import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { open } from 'lmdb';

// node --expose-gc --import tsx scripts/bench/body-store-candidates.ts [count]
// The two candidates for the off-heap body store, on the same synthetic bodies (8-24 kB of
// JSON each, the size of a sanitised brief with its sections): write all, reopen, read 2,000 at
// random. Figures go to README ("Libraries and why").

const COUNT = Number(process.argv[2] ?? 10_000);
const READS = 2_000;

const WORDS = [
  'lateral',
  'movement',
  'via',
  '<code>psexec</code>',
  'and',
  '<a href="https://x">link</a>',
];
const bodies = new Map<number, string>();

function body(i: number): string {
  let cached = bodies.get(i);
  if (cached) return cached;
  const parts: string[] = [];
  const size = 8_000 + ((i * 7919) % 16_000);
  for (let n = 0, length = 0; length < size; n++) {
    const word = WORDS[(i + n) % WORDS.length]!;
    parts.push(word);
    length += word.length + 1;
  }
  cached = JSON.stringify({
    contentHtml: `<p>${parts.join(' ')}</p>`,
    sections: { overview: null },
  });
  bodies.set(i, cached);
  return cached;
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function readAtRandom(read: (key: string) => string | undefined): { p50: number; p99: number } {
  const times: number[] = [];
  for (let r = 0; r < READS; r++) {
    const i = (r * 104729) % COUNT;
    const t = process.hrtime.bigint();
    const value = read(`k${i}`);
    times.push(Number(process.hrtime.bigint() - t) / 1e3);
    if (value !== body(i)) throw new Error(`read back ${i} differs`);
  }
  return { p50: pct(times, 0.5), p99: pct(times, 0.99) };
}

function dirBytes(dir: string, names: string[]): number {
  return names.reduce((sum, n) => sum + statSync(path.join(dir, n)).size, 0);
}

function lmdbCandidate(dir: string) {
  let t = performance.now();
  const db = open<string, string>({
    path: path.join(dir, 'lmdb'),
    encoding: 'string',
    compression: false,
  });
  for (let i = 0; i < COUNT; i++) void db.put(`k${i}`, body(i));
  db.transactionSync(() => undefined);
  const writeMs = performance.now() - t;
  db.close();
  t = performance.now();
  const again = open<string, string>({ path: path.join(dir, 'lmdb'), encoding: 'string' });
  const openMs = performance.now() - t;
  const reads = readAtRandom((k) => again.get(k));
  again.close();
  return { writeMs, openMs, reads, bytes: dirBytes(path.join(dir, 'lmdb'), ['data.mdb']) };
}

/** Append-only data file + an index of [key, offset, length] lines read into a Map on open. */
function offsetFileCandidate(dir: string) {
  let t = performance.now();
  const data = openSync(path.join(dir, 'bodies.dat'), 'w');
  const index: string[] = [];
  let offset = 0;
  for (let i = 0; i < COUNT; i++) {
    const bytes = Buffer.from(body(i));
    writeSync(data, bytes);
    index.push(`k${i}\t${offset}\t${bytes.length}`);
    offset += bytes.length;
  }
  closeSync(data);
  const indexFd = openSync(path.join(dir, 'bodies.idx'), 'w');
  writeSync(indexFd, index.join('\n'));
  closeSync(indexFd);
  const writeMs = performance.now() - t;
  t = performance.now();
  const map = new Map<string, [number, number]>();
  const raw = Buffer.alloc(statSync(path.join(dir, 'bodies.idx')).size);
  const fd = openSync(path.join(dir, 'bodies.idx'), 'r');
  readSync(fd, raw);
  closeSync(fd);
  for (const line of raw.toString().split('\n')) {
    const [k, o, l] = line.split('\t');
    map.set(k!, [Number(o), Number(l)]);
  }
  const dataFd = openSync(path.join(dir, 'bodies.dat'), 'r');
  const openMs = performance.now() - t;
  const reads = readAtRandom((k) => {
    const at = map.get(k);
    if (!at) return undefined;
    const buf = Buffer.alloc(at[1]);
    readSync(dataFd, buf, 0, at[1], at[0]);
    return buf.toString();
  });
  closeSync(dataFd);
  return { writeMs, openMs, reads, bytes: dirBytes(dir, ['bodies.dat', 'bodies.idx']) };
}

for (let i = 0; i < COUNT; i++) body(i); // generated before anything is timed
const dir = mkdtempSync(path.join(tmpdir(), 'body-candidates-'));
try {
  for (const [name, run] of [
    ['lmdb 3.5.6', lmdbCandidate],
    ['offset-indexed file', offsetFileCandidate],
  ] as const) {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const heap = process.memoryUsage().heapUsed;
    const r = run(dir);
    gc?.();
    console.log(
      `${name}: ${COUNT} bodies written in ${r.writeMs.toFixed(0)} ms, ${(r.bytes / 1048576).toFixed(1)} MB on disk; reopen ${r.openMs.toFixed(1)} ms; random read p50 ${r.reads.p50.toFixed(1)} µs, p99 ${r.reads.p99.toFixed(1)} µs; heap retained ${((process.memoryUsage().heapUsed - heap) / 1048576).toFixed(1)} MB`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
