import { buildFeed } from '@/dev/load/feed';
import { normalizeItem } from '@/lib/feed/ingest/normalize';
import { getTechniqueCatalog } from '@/lib/feed/attack-catalog';
import { buildBriefIndex } from '@/lib/briefs/search/brief-index';
import { toListedBrief, type ListedBrief } from '@/lib/briefs/types';
import { serialize, deserialize } from 'node:v8';
const N = Number(process.argv[2] ?? 10000);
const gc = (globalThis as { gc?: () => void }).gc!;
const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed / 1048576; };
let listed: ListedBrief[] = [];
const texts: string[] = [];
{
  const items = (buildFeed(N) as unknown as { items: Record<string, unknown>[] }).items;
  const catalog = getTechniqueCatalog();
  for (const it of items) { const r = normalizeItem(it, { catalog }); if (r.ok) { listed.push(deserialize(serialize(toListedBrief(r.brief)))); texts.push(r.brief.text.slice(0, 2000)); } }
}
const h0 = heap();
const pool = new Map<string, unknown>();
const intern = (v: unknown, top = false): unknown => {
  if (typeof v === 'string') { if (v.length > 120) return v; const h = pool.get(v); if (h !== undefined) return h; pool.set(v, v); return v; }
  if (Array.isArray(v)) { if (v.length === 0) return EMPTY; return v.map((x) => intern(x)); }
  if (v && typeof v === 'object') { const o: Record<string, unknown> = {}; for (const [k, x] of Object.entries(v)) o[k] = intern(x); if (!top) { const key = JSON.stringify(o); const h = pool.get(key); if (h) return h; pool.set(key, Object.freeze(o)); } return o; }
  return v;
};
const EMPTY = Object.freeze([]);
const copy = listed.map((b) => (process.env.INTERN ? intern(deserialize(serialize(b)), true) : deserialize(serialize(b))) as ListedBrief);
const h1 = heap(); console.log('pool entries', pool.size);
console.log('listed briefs', (h1 - h0).toFixed(1), 'MB for', copy.length, 'per brief', ((h1 - h0) * 1048576 / copy.length).toFixed(0), 'B');
const t = new Map(copy.map((b, i) => [b.slug, texts[i]!]));
const index = buildBriefIndex(copy, (b) => t.get(b.slug)!);
const h2 = heap();
console.log('index w/o text', (h2 - h1).toFixed(1));
void index.text;
const h3 = heap();
console.log('text index', (h3 - h2).toFixed(1), 'ext', (process.memoryUsage().arrayBuffers / 1048576).toFixed(1));
listed = [];
