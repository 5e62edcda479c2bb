import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemoSnapshot } from '@/dev/demo-snapshot';

// Writes the bundled demo snapshot (data/demo/): npx tsx scripts/generate-demo-snapshot.ts

function main(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const outDir = join(root, 'data', 'demo');
  mkdirSync(outDir, { recursive: true });
  const { feed, stix } = buildDemoSnapshot();
  writeFileSync(join(outDir, 'feed.json'), feed);
  writeFileSync(join(outDir, 'stix.json'), stix);
  const kb = (s: string) => `${(Buffer.byteLength(s) / 1024).toFixed(0)} KiB`;
  process.stdout.write(
    `wrote data/demo/feed.json (${kb(feed)}) and data/demo/stix.json (${kb(stix)})\n`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
