import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { UpstreamStandIn } from '@/dev/upstream/server';
import { ROOT } from '@/dev/load/app';
import { buildFeed, serveFeed, warmUpstream } from '@/dev/load/feed';
import { prepareBaseline } from './baseline';
import { guardMarkdown, runGuard, writeGuardSection, type GuardResult } from './guard';

// The regression guard as `npm run bench` runs it, configured from the environment:
//   BENCH_BASELINE=<ref>      the baseline release (default: see scripts/bench/regression.ts);
//                             BENCH_BASELINE=off skips the guard
//   BENCH_GUARD_SIZE=1000     briefs in its feed (default: the bench's main size; 1,000 with --guard)
//   BENCH_GUARD_ROUNDS=3, BENCH_GUARD_SECONDS=2, BENCH_GUARD_COLD=2
// Its result is kept in .bench/guard.json so `--render` writes the section again.

const SAVED = path.join(ROOT, '.bench', 'guard.json');

function positive(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a whole number >= 1`);
  return v;
}

export const guardEnabled = () => process.env.BENCH_BASELINE?.trim().toLowerCase() !== 'off';

export async function regressionGuard(
  upstream: UpstreamStandIn,
  defaultSize: number,
  profile: boolean,
  log: (m: string) => void,
): Promise<GuardResult> {
  const baseline = prepareBaseline();
  log(`guard: baseline ${baseline.sha.slice(0, 12)} (${baseline.why}) in ${baseline.dir}`);
  const count = positive('BENCH_GUARD_SIZE', defaultSize);
  const feed = buildFeed(count);
  serveFeed(upstream, feed);
  await warmUpstream(upstream, count);
  const result = await runGuard(
    upstream,
    feed,
    baseline,
    {
      count,
      coldRounds: positive('BENCH_GUARD_COLD', 2),
      rounds: positive('BENCH_GUARD_ROUNDS', 3),
      secondsPerRound: positive('BENCH_GUARD_SECONDS', 2),
      profile,
    },
    log,
  );
  mkdirSync(path.dirname(SAVED), { recursive: true });
  writeFileSync(SAVED, JSON.stringify(result));
  return result;
}

/** The guard's section of docs/benchmarks.md, from this run or the last saved one. */
export async function writeGuardDoc(command: string, result?: GuardResult | null): Promise<number> {
  const g =
    result ?? (existsSync(SAVED) ? (JSON.parse(readFileSync(SAVED, 'utf8')) as GuardResult) : null);
  if (!g) return 0;
  await writeGuardSection(guardMarkdown(g, command));
  return g.figures.filter((f) => f.comparison.verdict === 'missed').length;
}
