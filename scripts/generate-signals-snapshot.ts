import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemoSignals } from '@/dev/signals/demo-signals';

// Writes the bundled KEV and EPSS data (data/signals/) for the demo snapshot's CVEs:
// npx tsx scripts/generate-signals-snapshot.ts (after scripts/generate-demo-snapshot.ts).

function main(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const feed = JSON.parse(readFileSync(join(root, 'data', 'demo', 'feed.json'), 'utf8'));
  const outDir = join(root, 'data', 'signals');
  mkdirSync(outDir, { recursive: true });
  const { kev, epss } = buildDemoSignals(feed);
  writeFileSync(join(outDir, 'kev.json'), kev);
  writeFileSync(join(outDir, 'epss.csv.gz'), epss);
  process.stdout.write(`wrote data/signals/kev.json and data/signals/epss.csv.gz\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
