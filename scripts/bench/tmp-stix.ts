import { buildFeed } from '@/dev/load/feed';
import { indexStixBundle } from '@/lib/feed/ingest/stix';
const f = buildFeed(Number(process.argv[2] ?? 10000)) as unknown as { stix: unknown };
const s = JSON.stringify(f.stix);
console.log('stix bytes', s.length);
let t = performance.now(); const parsed = JSON.parse(s); console.log('parse', (performance.now() - t).toFixed(0));
t = performance.now(); indexStixBundle(parsed as never); console.log('index', (performance.now() - t).toFixed(0));
