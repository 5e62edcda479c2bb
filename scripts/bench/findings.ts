import { kb, mb, ms, seconds } from '@/dev/load/stats';
import { ingestPerBrief, peakRss, type MainResult, type SizeResult } from './checks';
import { htmlFinding, memoryFinding } from './doc';
import type { HtmlBreakdown } from './html-breakdown';
import type { ColdProfiles, NamedProfile } from './miss-profiles';
import { TARGETS, type Check } from './targets';

// One short paragraph per area with a missed target: the figures that explain it and the top of
// its profile. Only what the run measured; no advice computed from guesses.

const n = (count: number) => count.toLocaleString('en-US');

export function profileLine(p: NamedProfile | undefined): string {
  if (!p) return '';
  const areas = p.summary.byArea
    .slice(0, 4)
    .map((a) => `${a.area} ${a.selfPercent.toFixed(0)}%`)
    .join(', ');
  const hot = p.summary.top
    .slice(0, 3)
    .map((f) => `\`${f.name}\`${f.where ? ` (${f.where})` : ''} ${f.selfPercent.toFixed(1)}%`)
    .join(', ');
  return ` Profile "${p.label}": ${areas}; hottest ${hot}.`;
}

export interface FindingInput {
  checks: readonly Check[];
  sizes: readonly SizeResult[];
  main: MainResult | null;
  cold: ColdProfiles | null;
  restart: NamedProfile | null;
  html: HtmlBreakdown | null;
}

export function findings(input: FindingInput): string[] {
  const { checks, sizes, main, cold } = input;
  const missed = (area: Check['area']) =>
    checks.some((c) => c.area === area && c.verdict === 'missed');
  const find = (prefix: string) => cold?.profiles.find((p) => p.label.includes(prefix));
  const out: string[] = [];
  if (missed('ingest') || missed('growth')) {
    const perBrief = sizes.map((s) => `${n(s.count)} ${ms(ingestPerBrief(s), 2)}`).join(', ');
    const firsts = sizes
      .map((s) => `${n(s.count)} ${seconds(s.cold.first100Ms)} (boot ${seconds(s.cold.bootMs)})`)
      .join(', ');
    out.push(
      `**Ingest.** Spawn → first 100 served: ${firsts}; time per brief after boot: ${perBrief}.` +
        profileLine(find('spawn → first 100')) +
        profileLine(find('first 100 → all served')),
    );
  }
  if (missed('memory') || missed('growth')) {
    const s10 = sizes.find((s) => s.count === 10_000);
    const split = sizes
      .map((s) => {
        const m = s.cold.ingestMemory.hwm >= s.loadMemory.hwm ? s.cold.ingestMemory : s.loadMemory;
        return `${n(s.count)}: peak ${mb(peakRss(s))}, the highest sample ${mb(m.rss)} = ${mb(m.anonAtPeak)} anon + ${mb(m.fileAtPeak)} file`;
      })
      .join('; ');
    out.push(
      `**Memory.** ${split}. RSS counts both parts: file-backed is the brief store's pages read through its memory map (the kernel can drop them under pressure), ` +
        `anonymous is the heap, the index and ingest garbage.` +
        (s10
          ? ` At 10,000 the anonymous peak alone is ${mb(Math.max(s10.cold.ingestMemory.anon, s10.loadMemory.anon))} against the ${mb(TARGETS.rss10k.limit)} target.`
          : '') +
        (cold ? ` Heap: ${memoryFinding(10_000, cold.memory)}.` : ''),
    );
  }
  if (missed('restart')) {
    const s10 = sizes.find((s) => s.count === 10_000);
    out.push(
      `**Restart.** ${s10 ? `${seconds(s10.restart.allServedMs)} to serve 10,000 from the store with ${s10.restart.normalizedItems} items normalised; a cold server's boot alone (spawn → /api/status) took ${seconds(s10.cold.bootMs)}.` : ''}` +
        profileLine(input.restart ?? undefined),
    );
  }
  if (missed('size') && input.html) out.push(`**Sizes.** ${htmlFinding(input.html)}.`);
  if (missed('query') || missed('floor')) {
    const floor = main?.baselines.floor;
    const floorText = floor
      ? `The framework floor (constant bytes, no work) runs at p50 ${ms(floor.latency.p50)} / p99 ${ms(floor.latency.p99)}, ${Math.round(floor.rps)} req/s, on this machine; 10 connections at a ${TARGETS.queryP50.limit} ms median need ${Math.round((10 * 1000) / TARGETS.queryP50.limit)} req/s (Little's law).`
      : '';
    const s10 = sizes.find((s) => s.count === 10_000);
    const bodies =
      s10?.queries.map((q) => `${q.scenario.name} ${kb(q.result.bytesPerResponse)}`).join(', ') ??
      '';
    out.push(
      `**Queries.** ${floorText} Average answer: ${bodies}.` +
        (cold?.profiles
          .filter((p) => p.label.startsWith('query load') || p.label.startsWith('same URL'))
          .map((p) => profileLine(p))
          .join('') ?? ''),
    );
  }
  if (main && (missed('client') || missed('page'))) {
    for (const { page, js } of main.pages.js)
      if (js.gzipBytes >= TARGETS.firstLoadJs.limit)
        out.push(
          `**First-load JS ${page}.** ${kb(js.gzipBytes)} over ${js.scripts} scripts; largest: ${js.largest.map((c) => `${c.src} ${kb(c.gzipBytes)}`).join(', ')}.`,
        );
    main.pages.lcp.forEach((p, i) => {
      if (p.lcpMs >= TARGETS.lcpMs.limit)
        out.push(
          `**LCP ${i === 0 ? '/' : '/briefs/{slug}'}.** ${ms(p.lcpMs, 0)} (runs ${p.runs.map((v) => v.toFixed(0)).join(', ')}), of which ${ms(p.ttfbMs, 0)} before the first byte; the rest is downloading, running the scripts and rendering on the shared CPUs.`,
        );
    });
  }
  return out;
}
