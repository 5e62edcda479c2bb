import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { ROOT } from '@/dev/load/app';
import { buildChecks, type MainResult, type SizeResult } from './checks';
import { renderDoc } from './doc';
import { findings } from './findings';
import type { HtmlBreakdown } from './html-breakdown';
import { resummarize, type ColdProfiles, type NamedProfile } from './miss-profiles';

// A run's raw figures (.bench/results.json) and docs/benchmarks.md rendered from them, so the doc
// can be written again (`npm run bench -- --render`) without measuring again.

export function commit(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  const dirty =
    git('status', '--porcelain', '--', 'app', 'lib', 'components', 'proxy.ts').length > 0;
  return `${git('rev-parse', '--short', 'HEAD')} (${git('rev-parse', '--abbrev-ref', 'HEAD')})${dirty ? ', with uncommitted changes to app/lib/components' : ''}`;
}

export interface RunResults {
  failed: string[];
  sizesRun: number[];
  header: string[];
  sizes: SizeResult[];
  main: MainResult | null;
  coldProfiles: ColdProfiles | null;
  restartProfile: NamedProfile | null;
  html: HtmlBreakdown | null;
}

export const RESULTS = path.join(ROOT, '.bench', 'results.json');

/** Writes docs/benchmarks.md; returns how many targets were missed. */
export async function writeDoc(run: RunResults): Promise<number> {
  const { sizes, main: mainResult, html, header } = run;
  const coldProfiles = run.coldProfiles && {
    ...run.coldProfiles,
    profiles: run.coldProfiles.profiles.map(resummarize),
  };
  const restartProfile = run.restartProfile && resummarize(run.restartProfile);
  const checks = buildChecks(sizes, mainResult);
  const notRun = [
    ...run.failed,
    ...[50_000, 10_000]
      .filter((c) => !run.sizesRun.includes(c))
      .map(
        (c) =>
          `${c.toLocaleString('en-US')} briefs not run (BENCH_SIZES): its targets are not measured.`,
      ),
  ];
  const doc = renderDoc({
    header,
    sizes,
    main: mainResult,
    checks,
    findings: findings({
      checks,
      sizes,
      main: mainResult,
      cold: coldProfiles,
      restart: restartProfile,
      html,
    }),
    profiles: [...(coldProfiles?.profiles ?? []), ...(restartProfile ? [restartProfile] : [])],
    notRun,
  });
  // Formatted as `npx prettier --check .` wants it.
  const file = path.join(ROOT, 'docs/benchmarks.md');
  const config = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(doc, { ...config, filepath: file }));
  process.stdout.write(`\n${doc}`);
  return checks.filter((c) => c.verdict === 'missed').length;
}

export function saveResults(run: RunResults): void {
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(run));
}

export function loadResults(): RunResults {
  return JSON.parse(readFileSync(RESULTS, 'utf8')) as RunResults;
}
