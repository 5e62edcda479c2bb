import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseFeedPage } from './feed-page';
import { indexStixBundle, type StixIndex } from './ingest/stix';

// The demo snapshot shipped in the repo (data/demo/, written by scripts/generate-demo-snapshot.ts)
// in the upstream's own shapes, so it goes through exactly the same normalisation as live data.

const DEMO_DIR = path.join(process.cwd(), 'data', 'demo');

export interface BundledFeed {
  items: unknown[];
  stix: StixIndex | null;
}

export async function readBundledFeed(): Promise<BundledFeed> {
  const [feed, stix] = await Promise.all([
    readFile(path.join(DEMO_DIR, 'feed.json'), 'utf8'),
    readFile(path.join(DEMO_DIR, 'stix.json'), 'utf8'),
  ]);
  const page = parseFeedPage(JSON.parse(feed));
  if (!page) throw new Error('data/demo/feed.json is not a JSON Feed document');
  return { items: page.items, stix: indexStixBundle(JSON.parse(stix)) };
}
