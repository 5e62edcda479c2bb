// `npm start`: builds once when there is no production build, then serves it (PORT, default 3000).
import { existsSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withServerEnvDefaults } from './server-env.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const nextBin = fileURLToPath(new URL('../node_modules/next/dist/bin/next', import.meta.url));

if (!existsSync(`${root}/.next/BUILD_ID`)) {
  console.log('No production build found: running `next build` once (a minute or two)…');
  const build = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const port = process.env.PORT ?? '3000';
const server = spawn(
  process.execPath,
  [nextBin, 'start', '-p', port, '-H', process.env.HOST ?? '0.0.0.0'],
  { cwd: root, stdio: 'inherit', env: withServerEnvDefaults(process.env) },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
