import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { tmpdir } from 'node:os';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { ROOT } from '@/dev/load/app';

// A CPU profile of work done in this process (what `node --cpu-prof` records), saved to .bench/
// for Chrome DevTools and summarised as the functions with the most self time.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface HotFunction {
  name: string;
  where: string;
  selfPercent: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  top: HotFunction[];
  /** Self time grouped by package or source folder. */
  byArea: { area: string; selfPercent: number }[];
}

function areaOf(url: string): string {
  if (!url) return '(native / V8)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:')) return 'node core';
  const rel = url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '');
  // The server bundle: the app's own code (lib/, app/), minified into chunks.
  if (rel.startsWith('.next/server/')) return 'app bundle (.next/server)';
  return rel.split('/').slice(0, 2).join('/');
}

export async function profile<T>(
  name: string,
  work: () => Promise<T>,
  intervalUs = 1000,
): Promise<{ value: T; summary: ProfileSummary }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  let value: T;
  let result: { profile: Profile };
  try {
    value = await work();
  } finally {
    result = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    session.disconnect();
  }
  const dir = path.join(ROOT, '.bench');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(result.profile));
  return { value, summary: summarizeProfile(result.profile, path.relative(ROOT, file)) };
}

/** Microseconds on the monotonic clock V8's profiles use (the same as process.hrtime). */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export interface Window {
  fromUs: number;
  toUs: number;
}

/** A saved profile (maybe written by another process), over `window` only when given. */
export function summarizeProfileFile(file: string, window?: Window): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  return summarizeProfile(p, path.relative(ROOT, file), window);
}

/** Hit counts per node id, from the samples within the window (or the nodes' own counts). */
function hitsByNode(p: Profile, window?: Window): Map<number, number> {
  const hits = new Map<number, number>();
  if (!window || !p.samples || !p.timeDeltas) {
    for (const node of p.nodes) hits.set(node.id, node.hitCount ?? 0);
    return hits;
  }
  let t = p.startTime;
  p.samples.forEach((id, i) => {
    t += p.timeDeltas?.[i] ?? 0;
    if (t >= window.fromUs && t <= window.toUs) hits.set(id, (hits.get(id) ?? 0) + 1);
  });
  return hits;
}

const maps = new Map<string, SourceMap | null>();

/**
 * The server bundle is minified: a frame in .next/server is mapped through the chunk's source map
 * (the build writes them) to the original file and line, e.g. lib/briefs/search/term-index.ts.
 */
export function originalFrame(
  url: string,
  lineNumber: number,
  columnNumber: number,
): { url: string; lineNumber: number; columnNumber: number } | null {
  const file = url.replace(/^file:\/\//, '');
  if (!file.includes('/.next/server/')) return null;
  let map = maps.get(file);
  if (map === undefined) {
    map = existsSync(`${file}.map`)
      ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapPayload)
      : null;
    maps.set(file, map);
  }
  const entry = map?.findEntry(lineNumber, columnNumber);
  if (!entry || !('originalSource' in entry) || !entry.originalSource) return null;
  // Sources are relative to the chunk ("../../../lib/x.ts") or turbopack:///[project]/lib/x.ts.
  const source = decodeURIComponent(entry.originalSource)
    .replace(/^.*turbopack:\/\/\/(\[project\]\/)?/, '')
    .replace(/^(\.\.\/)+/, '');
  return {
    url: path.join(ROOT, source),
    lineNumber: entry.originalLine,
    columnNumber: entry.originalColumn,
  };
}

function summarizeProfile(p: Profile, file: string, window?: Window): ProfileSummary {
  let total = 0;
  const byFunction = new Map<string, HotFunction & { hits: number }>();
  const byArea = new Map<string, number>();
  const nodeHits = hitsByNode(p, window);
  for (const node of p.nodes) {
    const hits = nodeHits.get(node.id) ?? 0;
    if (hits === 0) continue;
    const { functionName } = node.callFrame;
    const mapped = originalFrame(
      node.callFrame.url,
      node.callFrame.lineNumber,
      node.callFrame.columnNumber ?? 0,
    );
    const { url, lineNumber, columnNumber } = mapped ?? node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    total += hits;
    const name = functionName || '(anonymous)';
    const where = url
      ? `${url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '')}:${lineNumber + 1}:${(columnNumber ?? 0) + 1}`
      : '';
    const key = `${name}@${where}`;
    const entry = byFunction.get(key) ?? { name, where, selfPercent: 0, hits: 0 };
    entry.hits += hits;
    byFunction.set(key, entry);
    const area = functionName === '(garbage collector)' ? '(garbage collector)' : areaOf(url);
    byArea.set(area, (byArea.get(area) ?? 0) + hits);
  }
  const pct = (hits: number) => (total ? (100 * hits) / total : 0);
  return {
    file,
    totalMs: window ? (window.toUs - window.fromUs) / 1000 : (p.endTime - p.startTime) / 1000,
    top: [...byFunction.values()]
      .sort((a, b) => b.hits - a.hits)
      .slice(0, 12)
      .map(({ name, where, hits }) => ({ name, where, selfPercent: pct(hits) })),
    byArea: [...byArea]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([area, hits]) => ({ area, selfPercent: pct(hits) })),
  };
}

export function profileMarkdown(title: string, s: ProfileSummary): string {
  const lines = [
    `**${title}** (${(s.totalMs / 1000).toFixed(1)} s sampled; \`${s.file}\`, open in Chrome DevTools)`,
    '',
    'Self time by area: ' +
      s.byArea.map((a) => `${a.area} ${a.selfPercent.toFixed(0)}%`).join(', '),
    '',
    '| self | function | where |',
    '| ---: | --- | --- |',
    ...s.top.map((f) => `| ${f.selfPercent.toFixed(1)}% | \`${f.name}\` | ${f.where || '—'} |`),
  ];
  return lines.join('\n');
}

// Node refuses --cpu-prof in NODE_OPTIONS, and startApp fixes the server's arguments: a preload
// (--require is allowed) runs the same sampling profiler inside the server and writes
// <dir>/<pid>.cpuprofile when the process gets SIGUSR2, without stopping it.
const PRELOAD = `
const { Session } = require('node:inspector');
const { writeFileSync, renameSync } = require('node:fs');
const dir = process.env.BENCH_PROFILE_DIR;
const session = new Session();
session.connect();
session.post('Profiler.enable', () =>
  session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')));
process.on('SIGUSR2', () => {
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    const file = dir + '/' + process.pid + '.cpuprofile';
    const memory = { ...process.memoryUsage(), heapSpaces: require('node:v8').getHeapSpaceStatistics() };
    writeFileSync(dir + '/' + process.pid + '.memory.json', JSON.stringify(memory));
    writeFileSync(file + '.tmp', JSON.stringify(result.profile));
    renameSync(file + '.tmp', file);
  });
});
`;

/**
 * Environment for a server that profiles itself; send it SIGUSR2, then read `<dir>/<pid>.cpuprofile`
 * (and `<dir>/<pid>.memory.json`: process.memoryUsage() and V8's heap spaces at that moment).
 */
export function selfProfilingEnv(): { env: Record<string, string>; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-prof-'));
  const preload = path.join(dir, 'cpu-profiler.cjs');
  writeFileSync(preload, PRELOAD);
  return { dir, env: { NODE_OPTIONS: `--require ${preload}`, BENCH_PROFILE_DIR: dir } };
}
