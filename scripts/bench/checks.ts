import type { PageFigures } from './pages';
import type { Baselines, QueryRun } from './queries';
import type { PhaseMemory } from './rss';
import type { ColdStart, Restart, Sizes } from './size-run';
import { check, judgeAll, TARGETS, type Check } from './targets';

// Every target against what the run measured, one row each; a size not run is "not measured".

export interface SizeResult {
  count: number;
  cold: ColdStart;
  /** During the query load that follows the ingest. */
  loadMemory: PhaseMemory;
  queries: QueryRun[];
  sizes: Sizes;
  restart: Restart;
}

export interface MainResult {
  count: number;
  baselines: Baselines;
  pages: PageFigures;
}

const n = (count: number) => count.toLocaleString('en-US');

/** Peak RSS over ingest and the load after it (VmHWM at the end of the load covers both). */
export const peakRss = (s: SizeResult) => Math.max(s.cold.ingestMemory.hwm, s.loadMemory.hwm);

/** Ingest time per brief after boot: what "linear" compares across sizes. */
export const ingestPerBrief = (s: SizeResult) => (s.cold.allServedMs - s.cold.bootMs) / s.count;

export function buildChecks(sizes: readonly SizeResult[], main: MainResult | null): Check[] {
  const at = (count: number) => sizes.find((s) => s.count === count);
  const s10 = at(10_000);
  const s50 = at(50_000);
  const checks: Check[] = [];
  for (const [count, s] of [
    [10_000, s10],
    [50_000, s50],
  ] as const)
    checks.push(
      check(
        `first 100 real briefs served after spawn (${n(count)})`,
        'ingest',
        TARGETS.first100Ms,
        s?.cold.first100Ms,
      ),
    );
  checks.push(
    check(
      'all 50,000 briefs served after a cold start',
      'ingest',
      TARGETS.allServed50kMs,
      s50?.cold.allServedMs,
    ),
  );
  checks.push(
    check(
      'restart, upstream down: all 10,000 served after spawn',
      'restart',
      TARGETS.restart10kMs,
      s10?.restart.allServedMs,
    ),
  );
  checks.push(
    check(
      'items normalised by that restart',
      'restart',
      TARGETS.restartNormalized,
      s10?.restart.normalizedItems,
    ),
  );
  checks.push(
    check(
      'unfiltered /api/briefs at 10,000',
      'size',
      TARGETS.apiUnfiltered,
      s10?.sizes.apiUnfiltered,
    ),
  );
  checks.push(check('`/` HTML at 10,000', 'size', TARGETS.listHtml, s10?.sizes.listHtml));
  for (const name of [
    'one facet (vendor)',
    'full-text q',
    'q + two facets',
    'deep page (page 50-199, newest/oldest)',
  ]) {
    const r = s10?.queries.find((q) => q.scenario.name === name)?.result;
    const p50 = check('', 'query', TARGETS.queryP50, r?.latency.p50);
    const p99 = check('', 'query', TARGETS.queryP99, r?.latency.p99);
    checks.push({
      name: `query at 10,000, 10 connections: ${name}`,
      area: 'query',
      measured: `p50 ${p50.measured}, p99 ${p99.measured}`,
      target: `p50 ${p50.target}, p99 ${p99.target}`,
      verdict: judgeAll([p50.verdict, p99.verdict]),
    });
  }
  checks.push(
    check(
      'next-server peak RSS, 10,000: cold ingest + query load',
      'memory',
      TARGETS.rss10k,
      s10 && peakRss(s10),
    ),
  );
  checks.push(
    check(
      'next-server peak RSS, 50,000: cold ingest + query load',
      'memory',
      TARGETS.rss50k,
      s50 && peakRss(s50),
    ),
  );
  checks.push(
    check(
      'growth: ingest time per brief, 50,000 vs 10,000 (linear)',
      'growth',
      TARGETS.ingestPerBriefRatio,
      s10 && s50 && ingestPerBrief(s50) / ingestPerBrief(s10),
    ),
  );
  checks.push(
    check(
      'growth: peak RSS, 50,000 vs 10,000 (close to flat)',
      'growth',
      TARGETS.rssGrowthRatio,
      s10 && s50 && peakRss(s50) / peakRss(s10),
    ),
  );
  const at10 = main?.count === 10_000 ? main : null;
  checks.push(
    check(
      'framework floor: same-URL /api/briefs req/s ÷ the floor’s',
      'floor',
      TARGETS.floorRatio,
      at10 && at10.baselines.sameUrl.rps / at10.baselines.floor.rps,
    ),
  );
  checks.push(
    check(
      'TTFB p50, `/` with two filters',
      'page',
      TARGETS.pageTtfbP50,
      at10?.pages.listTtfb.ttfb.p50,
    ),
  );
  checks.push(
    check(
      'TTFB p50, `/briefs/{slug}`',
      'page',
      TARGETS.pageTtfbP50,
      at10?.pages.briefTtfb.ttfb.p50,
    ),
  );
  for (const [i, page] of ['/', '/briefs/{slug}'].entries()) {
    checks.push(
      check(
        `first-load JS (gzip) ${page}`,
        'client',
        TARGETS.firstLoadJs,
        at10?.pages.js[i]?.js.gzipBytes,
      ),
    );
    checks.push(
      check(
        `LCP ${page}, Chromium, median of 3`,
        'client',
        TARGETS.lcpMs,
        at10?.pages.lcp[i]?.lcpMs,
      ),
    );
  }
  return checks;
}
