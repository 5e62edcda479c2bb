import { buildBriefIndex, type BriefIndex } from '@/lib/briefs/search/brief-index';
import { feedItemSchema } from '@/lib/feed/ingest/feed-item-schema';
import { normalizeItem } from '@/lib/feed/ingest/normalize';
import { getTechniqueCatalog } from '@/lib/feed/attack-catalog';
import { assembleEntries, EntryMemo, type Entry } from '@/lib/feed/ingest/entries';
import { crawlFeed } from '@/lib/feed/crawl';
import { parseFeedPage } from '@/lib/feed/feed-page';
import { fetchUpstreamJson } from '@/lib/feed/http-client';
import { indexStixBundle } from '@/lib/feed/ingest/stix';

// The ingest split, measured in this process with the library functions the server's store uses
// (lib/feed/store.ts `crawl`): no timing code in the app. Pass 1 times the transfer, the JSON
// parse and the item schema alone; pass 2 runs the real path (STIX fetch and index, crawlFeed
// with the same EntryMemo + normalizeItem, assembleEntries, buildBriefIndex) and times its
// callbacks. Sanitise/section is pass 2's normalizeItem time minus pass 1's schema time.

export interface TransferPhases {
  /** HTTP transfer of every page and the STIX bundle, bodies read, nothing parsed. */
  fetchMs: number;
  /** UTF-8 decode + JSON.parse + envelope check of every page, STIX index. */
  jsonMs: number;
  /** feedItemSchema (zod) over every item. */
  validateMs: number;
  bytes: number;
}

export interface StorePathPhases {
  /** EntryMemo keys: SHA-1 of each item's JSON (unchanged items skip normalisation next time). */
  memoKeyMs: number;
  /** normalizeItem, whole (its zod validation included). */
  normalizeMs: number;
  /** assembleEntries + buildBriefIndex (facets, sort orders, text index). */
  indexMs: number;
  /** End to end: what the store's refresh costs in one process. */
  realPathMs: number;
  index: BriefIndex;
}

const FETCH = { timeoutMs: 60_000, maxBytes: 2 ** 31, maxPages: 100_000 };

/** Pass 1: transfer, then JSON, then the item schema, each alone. */
export async function measureTransfer(
  pageUrls: readonly string[],
  stixUrl: string,
): Promise<TransferPhases> {
  let t = performance.now();
  const bodies: Uint8Array[] = [];
  for (const url of [...pageUrls, stixUrl]) {
    const res = await fetch(url, {
      headers: { accept: 'application/feed+json, application/json' },
    });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    bodies.push(new Uint8Array(await res.arrayBuffer()));
  }
  const fetchMs = performance.now() - t;
  const bytes = bodies.reduce((n, b) => n + b.byteLength, 0);

  t = performance.now();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const items: unknown[] = [];
  bodies.forEach((body, i) => {
    const json: unknown = JSON.parse(decoder.decode(body));
    if (i === bodies.length - 1) indexStixBundle(json);
    else items.push(...(parseFeedPage(json)?.items ?? []));
  });
  const jsonMs = performance.now() - t;
  bodies.length = 0;

  t = performance.now();
  for (const raw of items) feedItemSchema.safeParse(raw);
  const validateMs = performance.now() - t;
  return { fetchMs, jsonMs, validateMs, bytes };
}

/** Pass 2: the store's path (lib/feed/store.ts `crawl`), with its callbacks timed. */
export async function measureStorePath(feedUrl: string, stixUrl: string): Promise<StorePathPhases> {
  const start = performance.now();
  const stixResult = await fetchUpstreamJson(stixUrl, FETCH);
  const stix = stixResult.kind === 'ok' ? indexStixBundle(stixResult.body) : null;
  const catalog = getTechniqueCatalog();
  let normalizeMs = 0;
  let entriesMs = 0;
  const normalize = (raw: unknown): Entry => {
    const t0 = performance.now();
    const result = normalizeItem(raw, { catalog, stixTechniques: stix?.lookup });
    normalizeMs += performance.now() - t0;
    return result.ok ? { brief: result.brief } : { skip: result.reason };
  };
  const memo = new EntryMemo(normalize, stix);
  const crawl = await crawlFeed(feedUrl, {
    ...FETCH,
    previous: new Map(),
    toEntries: (pageItems) => {
      const t0 = performance.now();
      const entries = memo.toEntries(pageItems);
      entriesMs += performance.now() - t0;
      return entries;
    },
  });
  const t = performance.now();
  const briefs = assembleEntries(crawl.pages.map((p) => p.entries)).entries.map((e) => e.brief);
  const index = buildBriefIndex(briefs);
  const indexMs = performance.now() - t;
  return {
    memoKeyMs: entriesMs - normalizeMs,
    normalizeMs,
    indexMs,
    realPathMs: performance.now() - start,
    index,
  };
}

/** writeSnapshot serialises every brief into one string, then copies it into a Buffer. */
export function measureSnapshotJson(briefs: readonly unknown[]): {
  bytes: number;
  stringHeap: number;
} {
  const json = JSON.stringify(briefs);
  // V8 keeps a string with any char above U+00FF at two bytes a char.
  return {
    bytes: Buffer.byteLength(json),
    stringHeap: json.length * (/[^\u0000-\u00ff]/.test(json) ? 2 : 1),
  };
}
