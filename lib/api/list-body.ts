import 'server-only';
import type { BriefQueryResult } from '@/lib/briefs/filter/types';
import type { SourceBlock } from '@/lib/serving/status';

// The JSON of a list answer, built from pieces cached per result object. Query results and their
// facet counts are shared, frozen objects from the index's caches, so a repeated query (or the
// next page of the same view) re-encodes only what changed: its items, and the small source block.
// Keyed weakly, so the bytes go when the index's LRU caches drop the objects.

const itemsBytes = new WeakMap<BriefQueryResult, Buffer>();
const facetsBytes = new WeakMap<BriefQueryResult['facets'], Buffer>();

function cached<K extends object>(cache: WeakMap<K, Buffer>, key: K, encode: () => string): Buffer {
  let bytes = cache.get(key);
  if (!bytes) {
    bytes = Buffer.from(encode());
    cache.set(key, bytes);
  }
  return bytes;
}

/** The same JSON as JSON.stringify of a BriefListResponse (lib/api/types.ts). */
export function encodeListResponse(result: BriefQueryResult, source: SourceBlock): Buffer {
  const head = cached(itemsBytes, result, () => {
    const { items, total, page, pageSize, indicatorMatch } = result;
    // Opens the object and leaves it open for the fields below.
    return JSON.stringify({
      items,
      total,
      page,
      pageSize,
      ...(indicatorMatch && { indicatorMatch }),
    }).slice(0, -1);
  });
  // facetTotals come from the same cache entry as facets (query.ts), so they share its bytes.
  const facets = cached(
    facetsBytes,
    result.facets,
    () => `${JSON.stringify(result.facets)},"facetTotals":${JSON.stringify(result.facetTotals)}`,
  );
  return Buffer.concat([
    head,
    Buffer.from(',"facets":'),
    facets,
    Buffer.from(`,"source":${JSON.stringify(source)}}`),
  ]);
}
