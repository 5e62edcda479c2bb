import type { LoadResult } from '@/dev/load/http-load';
import { int, kb, mb, ms, seconds } from '@/dev/load/stats';
import { peakRss, ingestPerBrief, type MainResult, type SizeResult } from './checks';
import type { HtmlBreakdown } from './html-breakdown';
import type { NamedProfile, ServerMemory } from './miss-profiles';
import type { ProfileSummary } from './profile';
import { table } from './report';
import { verdictCell, type Check } from './targets';

// docs/benchmarks.md from one run's figures: no number in it is typed by hand.

export interface RunInfo {
  header: string[];
  sizes: readonly SizeResult[];
  main: MainResult | null;
  checks: readonly Check[];
  findings: string[];
  profiles: readonly NamedProfile[];
  notRun: string[];
}

const n = (count: number) => count.toLocaleString('en-US');
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`;

function loadCells(r: LoadResult | undefined): string[] {
  return r ? [int(r.rps), ms(r.latency.p50, 2), ms(r.latency.p99, 2)] : ['—', '—', '—'];
}

function sizeTable(sizes: readonly SizeResult[]): string {
  const col = (f: (s: SizeResult) => string) => sizes.map(f);
  const rows: [string, ...string[]][] = [
    ['spawn → /api/status answers (boot)', ...col((s) => seconds(s.cold.bootMs))],
    ['spawn → first 100 real briefs served', ...col((s) => seconds(s.cold.first100Ms))],
    ['spawn → every brief served', ...col((s) => seconds(s.cold.allServedMs))],
    [
      'spawn → refresh settled (store written, text index built)',
      ...col((s) => seconds(s.cold.settledMs)),
    ],
    ['ingest time per brief after boot', ...col((s) => ms(ingestPerBrief(s), 2))],
    ['VmHWM at the end of ingest', ...col((s) => mb(s.cold.ingestMemory.hwm))],
    [
      'sampled peak VmRSS during ingest (anon + file)',
      ...col(
        (s) =>
          `${mb(s.cold.ingestMemory.rss)} (${mb(s.cold.ingestMemory.anonAtPeak)} + ${mb(s.cold.ingestMemory.fileAtPeak)})`,
      ),
    ],
    ['VmHWM at the end of the query load', ...col((s) => mb(s.loadMemory.hwm))],
    [
      'sampled peak VmRSS during the query load (anon + file)',
      ...col(
        (s) =>
          `${mb(s.loadMemory.rss)} (${mb(s.loadMemory.anonAtPeak)} + ${mb(s.loadMemory.fileAtPeak)})`,
      ),
    ],
    [
      'peak RssAnon / peak RssFile, both phases',
      ...col(
        (s) =>
          `${mb(Math.max(s.cold.ingestMemory.anon, s.loadMemory.anon))} / ${mb(Math.max(s.cold.ingestMemory.file, s.loadMemory.file))}`,
      ),
    ],
    [
      'restart, upstream down: spawn → every brief served',
      ...col((s) => seconds(s.restart.allServedMs)),
    ],
    [
      'restart, upstream down: spawn → text index built',
      ...col((s) => (s.restart.searchReadyMs ? seconds(s.restart.searchReadyMs) : 'n/a')),
    ],
    ['items normalised by that restart', ...col((s) => String(s.restart.normalizedItems))],
    [
      'VmRSS / VmHWM after that restart',
      ...col((s) => `${mb(s.restart.rss)} / ${mb(s.restart.hwm)}`),
    ],
    ['`/api/briefs` unfiltered', ...col((s) => kb(s.sizes.apiUnfiltered))],
    [
      '`/api/briefs?page=N` (deep page)',
      ...col((s) => `${kb(s.sizes.apiDeepPage)} (page ${s.sizes.deepPage})`),
    ],
    ['`/` HTML (inputs)', ...col((s) => `${kb(s.sizes.listHtml)} (${s.sizes.listInputs})`)],
    ['`/briefs/{slug}` HTML', ...col((s) => kb(s.sizes.briefHtml))],
  ];
  return table(['Figure', ...sizes.map((s) => n(s.count))], rows, [
    'l',
    ...sizes.map(() => 'r' as const),
  ]);
}

function queryTable(sizes: readonly SizeResult[]): string {
  const names = sizes[0]?.queries.map((q) => q.scenario.name) ?? [];
  const rows = names.map((name) => [
    name,
    ...sizes.flatMap((s) => {
      const r = s.queries.find((q) => q.scenario.name === name)?.result;
      return [...loadCells(r), r ? kb(r.bytesPerResponse) : '—'];
    }),
  ]);
  const header = [
    'Scenario',
    ...sizes.flatMap((s) => [`req/s ${n(s.count)}`, 'p50', 'p99', 'body']),
  ];
  return table(header, rows, ['l', ...header.slice(1).map(() => 'r' as const)]);
}

function baselineTable(main: MainResult): string {
  const b = main.baselines;
  const ratio = (r: LoadResult) => `${(b.sameUrl.rps / r.rps).toFixed(2)}×`;
  return table(
    ['Server, same bytes', 'req/s', 'p50', 'p99', 'same URL ÷ this'],
    [
      ['`/api/briefs`, same URL (query-cache hit)', ...loadCells(b.sameUrl), '1.00×'],
      [
        'framework floor: minimal Next.js app, constant bytes',
        ...loadCells(b.floor),
        ratio(b.floor),
      ],
      ['nginx, static file', ...loadCells(b.nginx), ratio(b.nginx)],
    ],
    ['l', 'r', 'r', 'r', 'r'],
  );
}

function pageTable(main: MainResult): string {
  const p = main.pages;
  const rows = [
    ['`/` with vendor + severity (200 URLs)', p.listTtfb] as const,
    ['`/briefs/{slug}`, warm (100 slugs × 2)', p.briefTtfb] as const,
  ].map(([name, r], i) => {
    const js = p.js[i]?.js;
    const lcp = p.lcp[i];
    return [
      name,
      ms(r.ttfb.p50),
      ms(r.ttfb.p99),
      kb(r.bytes),
      js ? `${kb(js.gzipBytes)} (${js.scripts} scripts)` : '—',
      lcp
        ? `${ms(lcp.lcpMs, 0)} (TTFB ${ms(lcp.ttfbMs, 0)})`
        : `n/a (${p.lcpError ?? 'not measured'})`,
    ];
  });
  return table(
    ['Page', 'TTFB p50', 'TTFB p99', 'HTML', 'first-load JS, gzip -9', 'LCP, median of 3'],
    rows,
    ['l', 'r', 'r', 'r', 'r', 'r'],
  );
}

function growthTable(sizes: readonly SizeResult[]): string {
  const base = sizes[0];
  if (!base) return '';
  const rows = sizes.map((s) => [
    n(s.count),
    seconds(s.cold.allServedMs),
    ms(ingestPerBrief(s), 2),
    `${(ingestPerBrief(s) / ingestPerBrief(base)).toFixed(2)}×`,
    mb(peakRss(s)),
    `${(peakRss(s) / peakRss(base)).toFixed(2)}×`,
    mb(Math.max(s.cold.ingestMemory.anon, s.loadMemory.anon)),
    seconds(s.restart.allServedMs),
    mb(s.restart.rss),
  ]);
  return table(
    [
      'Briefs',
      'all served',
      'per brief',
      `vs ${n(base.count)}`,
      'peak RSS',
      `vs ${n(base.count)}`,
      'peak RssAnon',
      'restart',
      'RSS after restart',
    ],
    rows,
    ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

export function profileBlock(p: NamedProfile, top = 8): string {
  const s: ProfileSummary = p.summary;
  return [
    `**${p.label}** (${(s.totalMs / 1000).toFixed(1)} s; \`${s.file}\`, open in Chrome DevTools)`,
    '',
    `Self time by area: ${s.byArea.map((a) => `${a.area} ${a.selfPercent.toFixed(0)}%`).join(', ')}`,
    '',
    table(
      ['self', 'function', 'where'],
      s.top
        .slice(0, top)
        .map((f) => [`${f.selfPercent.toFixed(1)}%`, `\`${f.name}\``, f.where || '—']),
      ['r', 'l', 'l'],
    ),
  ].join('\n');
}

export function memoryFinding(count: number, m: ServerMemory): string {
  const spaces = [...m.heapSpaces]
    .sort((a, b) => b.space_used_size - a.space_used_size)
    .slice(0, 3)
    .map((s) => `${s.space_name} ${mb(s.space_used_size)}`)
    .join(', ');
  return (
    `the profiled ${n(count)}-brief server after ingest and query load: RSS ${mb(m.rss)}, V8 heap ${mb(m.heapUsed)} used of ${mb(m.heapTotal)} ` +
    `(garbage not yet collected included; largest spaces: ${spaces}), external ${mb(m.external)} of which ArrayBuffers ${mb(m.arrayBuffers)}`
  );
}

export function htmlFinding(b: HtmlBreakdown): string {
  return (
    `\`/\` is ${kb(b.total)}: inline \`<script>\` (the React Server Components payload) ${kb(b.inlineScript)} (${pct(b.inlineScript, b.total)}), ` +
    `\`<style>\` ${kb(b.style)}, markup ${kb(b.markup)} (${pct(b.markup, b.total)}), with ${b.inputs} inputs and ${b.briefLinks} distinct brief links`
  );
}

export function renderDoc(info: RunInfo): string {
  const missed = info.checks.filter((c) => c.verdict === 'missed');
  const main = info.main;
  const lines = [
    '# Benchmarks',
    '',
    'Generated by `npm run bench` (`scripts/bench.ts`); rerun it rather than editing by hand.',
    '',
    ...info.header,
    '',
    '## Targets',
    '',
    table(
      ['Target', 'Measured', 'Target', 'Verdict'],
      info.checks.map((c) => [c.name, c.measured, c.target, verdictCell(c.verdict)]),
      ['l', 'r', 'r', 'l'],
    ),
    '',
    `${info.checks.filter((c) => c.verdict === 'holds').length} hold, ${missed.length} missed, ${info.checks.filter((c) => c.verdict === 'not measured').length} not measured.`,
    ...(info.notRun.length ? ['', ...info.notRun.map((s) => `- ${s}`)] : []),
    '',
    '## Per size: cold start, memory, restart, sizes',
    '',
    'Each size on a fresh server and an empty `CACHE_DIR`; "spawn" is when the bench spawned `next start`. ' +
      "RSS is of the `next-server` process (the one holding the port), sampled every 50 ms; VmHWM is the kernel's peak since spawn. " +
      '"file" is RssFile, mostly the brief store\'s (LMDB) memory-mapped pages the process has read; "anon" is RssAnon (heap, index, garbage). ' +
      'The restart is a new server on the same `CACHE_DIR` with the upstream stand-in refusing every connection.',
    '',
    sizeTable(info.sizes),
    '',
    '## Queries: `/api/briefs`, 10 connections',
    '',
    'Each scenario cycles through 300 distinct URLs (more than the query cache holds), each connection from its own offset; 1 s of warm-up, then the measured run.',
    '',
    queryTable(info.sizes),
    '',
    ...(main
      ? [
          `## Beside the framework floor and nginx (${n(main.count)} briefs)`,
          '',
          `The body of \`${main.baselines.path}\` (${kb(main.baselines.bytes)}) from the dashboard (a query-cache hit), from a minimal Next.js app of the same version answering it as constant bytes (\`dev/load/framework-floor.ts\`), and from nginx; ${main.baselines.rounds} interleaved rounds of ${main.baselines.secondsPerRound} s each, merged.`,
          '',
          baselineTable(main),
          '',
          `## Pages and client (${n(main.count)} briefs)`,
          '',
          'TTFB one request at a time; first-load JS is the gzip -9 size of the `<script src>` chunks in the HTML; LCP in the system Chromium, fresh context per load.',
          '',
          pageTable(main),
          '',
        ]
      : []),
    '## Growth',
    '',
    growthTable(info.sizes),
    '',
    '## Misses: what the profiles show',
    '',
    missed.length === 0 ? 'No target missed.' : info.findings.map((f) => `- ${f}`).join('\n'),
    '',
    ...info.profiles.flatMap((p) => [profileBlock(p), '']),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
