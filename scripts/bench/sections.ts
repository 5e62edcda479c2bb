import type { UpstreamStandIn } from '@/dev/upstream/server';
import { loadSection, saveSection, writeDocSection } from './doc-section';
import { EPSS_ID, epssMarkdown, epssVerdict, runEpss, type EpssResult } from './epss-run';
import { HEAP_ID, heapChecks, heapMarkdown, runHeap, type HeapResult } from './heap-run';
import {
  INDICATORS_ID,
  indicatorsMarkdown,
  indicatorVerdicts,
  runIndicators,
  type IndicatorsResult,
} from './indicators-run';

// The bench's sections for issues 21-23, each run alone with `npm run bench -- --only <ids>` or
// in the full run, each written between its own markers in docs/benchmarks.md.

interface Section<T> {
  id: string;
  what: string;
  run: (upstream: UpstreamStandIn, log: (m: string) => void) => Promise<T>;
  markdown: (result: T, command: string) => string;
  /** How many of its targets were missed. */
  missed: (result: T) => number;
}

interface Saved<T> {
  command: string;
  result: T;
}

const define = <T>(s: Section<T>) => s as Section<unknown>;

export const SECTIONS: readonly Section<unknown>[] = [
  define<IndicatorsResult>({
    id: INDICATORS_ID,
    what: 'issue 21: memory and ingest with indicators',
    run: runIndicators,
    markdown: indicatorsMarkdown,
    missed: (r) => Object.values(indicatorVerdicts(r)).filter((v) => v === 'missed').length,
  }),
  define<EpssResult>({
    id: EPSS_ID,
    what: 'issue 22: peak RSS during the EPSS load',
    run: runEpss,
    markdown: epssMarkdown,
    missed: (r) => (epssVerdict(r).all === 'missed' ? 1 : 0),
  }),
  define<HeapResult>({
    id: HEAP_ID,
    what: "issue 23: under a 512 MB container's heap",
    run: runHeap,
    markdown: heapMarkdown,
    missed: (r) => heapChecks(r).filter((c) => c.verdict === 'missed').length,
  }),
];

export const SECTION_IDS = SECTIONS.map((s) => s.id);

/** The ids `--only a,b` (or `--only=a,b`) names, in the bench's order; null without --only. */
export function onlyArg(argv: readonly string[]): string[] | null {
  const i = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (i < 0) return null;
  const value = argv[i]!.startsWith('--only=') ? argv[i]!.slice('--only='.length) : argv[i + 1];
  const ids = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = ids.filter((id) => !SECTION_IDS.includes(id));
  if (ids.length === 0 || unknown.length)
    throw new Error(
      `--only takes a comma-separated list of ${SECTION_IDS.join(', ')}${unknown.length ? ` (not: ${unknown.join(', ')})` : ''}`,
    );
  return SECTION_IDS.filter((id) => ids.includes(id));
}

/** Runs the sections named, saving each result; failures are returned, not thrown. */
export async function runSections(
  ids: readonly string[],
  upstream: UpstreamStandIn,
  command: string,
  log: (m: string) => void,
): Promise<string[]> {
  const failed: string[] = [];
  for (const s of SECTIONS.filter((x) => ids.includes(x.id))) {
    log(`section ${s.id}: ${s.what}`);
    const t0 = performance.now();
    try {
      const result = await s.run(upstream, log);
      saveSection<Saved<unknown>>(s.id, { command, result });
      log(
        `section ${s.id}: done in ${((performance.now() - t0) / 1000).toFixed(0)} s, ${s.missed(result)} target(s) missed`,
      );
    } catch (error) {
      failed.push(`section ${s.id} FAILED: ${String(error).split('\n')[0]}`);
      log(
        `section ${s.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }
  return failed;
}

/** Writes each named section's last saved result into docs/benchmarks.md; how many were written. */
export async function writeSections(ids: readonly string[] = SECTION_IDS): Promise<number> {
  let written = 0;
  for (const s of SECTIONS.filter((x) => ids.includes(x.id))) {
    const saved = loadSection<Saved<unknown>>(s.id);
    if (!saved) continue;
    await writeDocSection(s.id, s.markdown(saved.result, saved.command));
    written++;
  }
  return written;
}
