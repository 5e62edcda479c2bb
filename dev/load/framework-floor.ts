import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startApp, type AppServer } from '../app-server';
import { ROOT } from './app';

// The bench's framework floor: a separate minimal Next.js app, built and started by the bench,
// whose one route answers with fixed bytes read once from a file. It runs the same framework
// version on the same machine, so the gap between it and the dashboard's /api/briefs is what the
// dashboard's own query and serialisation cost. It is never part of the dashboard's build.

// Inside the repo (git-ignored) so Node finds the repo's node_modules from it.
const FLOOR_DIR = path.join(ROOT, '.bench', 'framework-floor');
export const FLOOR_PATH = '/api/floor';

const ROUTE = `import { readFile } from 'node:fs/promises';
export const dynamic = 'force-dynamic';
let body = null;
export async function GET() {
  body ??= readFile(process.env.BENCH_FLOOR_FILE).then((b) => new Uint8Array(b));
  return new Response(await body, {
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}
`;

function writeApp(): void {
  const routeDir = path.join(FLOOR_DIR, 'app', 'api', 'floor');
  mkdirSync(routeDir, { recursive: true });
  writeFileSync(path.join(routeDir, 'route.js'), ROUTE);
  writeFileSync(
    path.join(FLOOR_DIR, 'package.json'),
    JSON.stringify({
      name: 'framework-floor',
      private: true,
      type: 'module',
      dependencies: { next: '*', react: '*', 'react-dom': '*' },
    }),
  );
  writeFileSync(
    path.join(FLOOR_DIR, 'next.config.mjs'),
    'export default { poweredByHeader: false };\n',
  );
}

/** Builds the floor app once (again only when its build is missing). */
function ensureFloorBuild(): void {
  if (existsSync(path.join(FLOOR_DIR, '.next', 'BUILD_ID'))) return;
  writeApp();
  const result = spawnSync(
    process.execPath,
    // webpack: Turbopack takes the repo as the app's root and builds the dashboard's instrumentation in.
    [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build', '--webpack', FLOOR_DIR],
    {
      cwd: FLOOR_DIR,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    },
  );
  if (result.status !== 0)
    throw new Error(`building the framework floor app failed (${result.status})`);
}

/** Starts the floor app serving `bodyFile`'s bytes at FLOOR_PATH. */
export async function startFrameworkFloor(bodyFile: string): Promise<AppServer> {
  ensureFloorBuild();
  return startApp({ BENCH_FLOOR_FILE: bodyFile }, { dir: FLOOR_DIR, readyPath: FLOOR_PATH });
}
