import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildBriefIndex } from '@/lib/briefs/search/brief-index';
import { getTechniqueCatalog } from '@/lib/feed/attack-catalog';
import { parseFeedPage } from '@/lib/feed/feed-page';
import { assembleEntries, toEntry } from '@/lib/feed/ingest/entries';
import { indexStixBundle, type StixIndex } from '@/lib/feed/ingest/stix';
import type { Brief } from '@/lib/briefs/types';
import type { ServedData } from './served-data';

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

type BundledData = Pick<ServedData, 'skipped' | 'index'> & { briefs: Brief[] };

/** The bundled snapshot never changes: normalise and index it once per process and catalog. */
let bundled: { catalog: unknown; data: Promise<BundledData> } | undefined;

export function getBundledDemo(): Promise<BundledData> {
  const catalog = getTechniqueCatalog();
  if (bundled?.catalog !== catalog) {
    const data = readBundledFeed().then((feed) => {
      const ctx = { catalog, stixTechniques: feed.stix?.lookup, stixExtras: feed.stix?.extras };
      const { entries, skipped } = assembleEntries([feed.items.map((raw) => toEntry(raw, ctx))]);
      const briefs = entries.map((e) => e.brief);
      return { briefs, skipped, index: buildBriefIndex(briefs) };
    });
    bundled = { catalog, data };
  }
  return bundled.data;
}
