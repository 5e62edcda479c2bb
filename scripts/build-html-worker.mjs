// Bundles the HTML worker (lib/feed/ingest/html-worker.ts and everything it imports) into one
// ES module that piscina loads at run time: Next bundles server code into chunks, so no source
// file of ours exists at a path a worker thread could load. next.config.mjs runs this after
// every production compile (`compiler.runAfterProductionCompile`), whoever runs `next build`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Where the server looks for the worker, relative to the build's directory (`.next`). */
export const HTML_WORKER_FILE = 'server/html-worker.mjs';

/** Writes the worker into `distDir` (the production build's directory); returns its path. */
export async function buildHtmlWorker(distDir = path.join(root, '.next')) {
  const outfile = path.join(distDir, HTML_WORKER_FILE);
  await build({
    entryPoints: [path.join(root, 'lib/feed/ingest/html-worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`HTML worker written to ${await buildHtmlWorker(process.argv[2])}`);
}
