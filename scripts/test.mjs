// `npm test`: type check, lint, formatting, production build, unit + integration tests (Vitest), browser tests
// (Playwright on the system Chromium). Prints one closing line `N passed, N failed` over all suites
// and exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianTool } from './apt-install.mjs';
import { ensureChromium } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const reports = mkdtempSync(path.join(tmpdir(), 'brief-tests-'));
const results = [];

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${[path.basename(command), ...args].join(' ')}`);
  const res = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return res.status === 0;
}

function record(suite, passed, failed) {
  results.push({ suite, passed, failed });
  console.log(`--- ${suite}: ${passed} passed, ${failed} failed`);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

// 1. Type check and lint count as one test each.
const typecheck = run('type check', bin('tsc'), ['--noEmit']);
record('typecheck', typecheck ? 1 : 0, typecheck ? 0 : 1);
const lint = run('lint', bin('eslint'), ['.', '--max-warnings=0']);
record('lint', lint ? 1 : 0, lint ? 0 : 1);
const formatted = run('format', bin('prettier'), ['--check', '.']);
record('format', formatted ? 1 : 0, formatted ? 0 : 1);

// 2. The production build: integration and browser tests run against it.
const built = run('build', bin('next'), ['build']);
record('build', built ? 1 : 0, built ? 0 : 1);

// 3. Unit and integration tests. The scale-out tests start a real redis-server; the operations
// tests parse /metrics with Prometheus's own promtool.
for (const [paths, pkg, howTo] of [
  [
    ['/usr/bin/redis-server', '/usr/local/bin/redis-server'],
    'redis-server',
    'The scale-out tests need redis-server: install it with `sudo apt-get install redis-server`.',
  ],
  [
    ['/usr/bin/promtool', '/usr/local/bin/promtool'],
    'prometheus',
    'The operations tests need promtool: install it with `sudo apt-get install prometheus`.',
  ],
]) {
  try {
    ensureDebianTool(paths, pkg, howTo);
  } catch (err) {
    console.error(String(err.message ?? err));
  }
}
const vitestReport = path.join(reports, 'vitest.json');
const vitestOk = run('unit + integration (vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
const vitest = readJson(vitestReport);
if (vitest) {
  const failed = vitest.numFailedTests + (vitestOk || vitest.numFailedTests > 0 ? 0 : 1);
  record('vitest', vitest.numPassedTests, failed);
} else {
  record('vitest', 0, 1);
}

// 4. Browser tests.
if (!built) {
  record('e2e (skipped: no build)', 0, 1);
} else {
  let chromiumOk = true;
  try {
    ensureChromium();
  } catch (err) {
    console.error(String(err.message ?? err));
    chromiumOk = false;
  }
  if (!chromiumOk) {
    record('e2e (no Chromium)', 0, 1);
  } else {
    const pwReport = path.join(reports, 'playwright.json');
    const pwOk = run('browser (playwright)', bin('playwright'), ['test'], {
      PW_JSON_REPORT: pwReport,
    });
    const pw = existsSync(pwReport) ? readJson(pwReport) : null;
    if (pw?.stats) {
      const failed =
        pw.stats.unexpected + pw.stats.flaky + (pwOk || pw.stats.unexpected > 0 ? 0 : 1);
      record('playwright', pw.stats.expected, failed);
    } else {
      record('playwright', 0, 1);
    }
  }
}

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log('\nSummary:');
for (const r of results)
  console.log(`  ${r.suite.padEnd(28)} ${r.passed} passed, ${r.failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
