import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '@/dev/load/app';
import { resolveBaselineRef, type BaselineRef } from './regression';

// The baseline release for the regression guard, built beside the working tree: a detached git
// worktree of the ref in a temp dir, node_modules hard-linked from this tree when the lock files
// agree (`npm ci` otherwise), and its own `next build`. Kept between runs (keyed by commit), so a
// second run of the bench starts it at once; `git worktree remove <dir>` deletes it.

export interface BaselineBuild extends BaselineRef {
  sha: string;
  dir: string;
  /** What preparing it took this run: nothing, linking, installing, building. */
  steps: string[];
}

const git = (args: string[], cwd = ROOT) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

function tryGit(args: string[]): string | null {
  try {
    return git(args);
  } catch {
    return null;
  }
}

/** The paths whose changes the bench measures (what `next build` reads). */
const SERVED = [
  'app',
  'lib',
  'components',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.mjs',
  'package-lock.json',
];

export function baselineRef(env = process.env): BaselineRef {
  return resolveBaselineRef({
    override: env.BENCH_BASELINE,
    dirty: git(['status', '--porcelain', '--', ...SERVED]).length > 0,
    head: git(['rev-parse', 'HEAD']),
    mergeBase: tryGit(['merge-base', 'HEAD', 'main']),
  });
}

function run(what: string, cmd: string, args: string[], cwd: string): void {
  process.stderr.write(`[baseline] ${what}\n`);
  const r = spawnSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) throw new Error(`baseline: ${what} failed (exit ${r.status ?? r.signal})`);
}

const sameFile = (a: string, b: string) =>
  existsSync(a) && existsSync(b) && readFileSync(a).equals(readFileSync(b));

/** Checks out, installs and builds the baseline (each step only when not already done). */
export function prepareBaseline(env = process.env): BaselineBuild {
  const chosen = baselineRef(env);
  const sha = git(['rev-parse', '--verify', `${chosen.ref}^{commit}`]);
  const dir = path.join(tmpdir(), `brief-bench-baseline-${sha.slice(0, 12)}`);
  const steps: string[] = [];
  if (!existsSync(path.join(dir, '.git'))) {
    rmSync(dir, { recursive: true, force: true });
    git(['worktree', 'prune']);
    run(
      `git worktree add ${dir} ${sha.slice(0, 12)}`,
      'git',
      ['worktree', 'add', '--detach', dir, sha],
      ROOT,
    );
    steps.push('checked out');
  }
  if (!existsSync(path.join(dir, 'node_modules'))) {
    const lock = 'package-lock.json';
    if (
      sameFile(path.join(ROOT, lock), path.join(dir, lock)) &&
      existsSync(path.join(ROOT, 'node_modules'))
    ) {
      // Same dependencies: hard links cost seconds and no disk (the same file system as the repo).
      const linked = spawnSync('cp', [
        '-al',
        path.join(ROOT, 'node_modules'),
        path.join(dir, 'node_modules'),
      ]);
      if (linked.status === 0) steps.push('node_modules hard-linked');
      else rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
    }
    if (!existsSync(path.join(dir, 'node_modules'))) {
      run('npm ci', 'npm', ['ci', '--no-audit', '--no-fund'], dir);
      steps.push('npm ci');
    }
  }
  if (!existsSync(path.join(dir, '.next', 'BUILD_ID'))) {
    run(
      'next build',
      process.execPath,
      [path.join(dir, 'node_modules/next/dist/bin/next'), 'build'],
      dir,
    );
    steps.push('built');
  }
  return { ...chosen, sha, dir, steps };
}
