import 'server-only';
import type { BriefSelection } from '@/lib/briefs/select';

// The derived answers of whole-view exports (a STIX bundle, a TAXII collection's objects), kept so
// a repeated view is not built again: by least recent use, bounded by bytes, not by count. A
// count bound let 64 whole-feed STIX views of a large feed hold gigabytes; this bound holds
// whatever the feed's size. An answer larger than the whole bound is built for each request.
// The sizes are estimates: a string's length in UTF-16 (2 bytes a character, the most V8 uses),
// an object's JSON length times three (V8 objects take more than their JSON).

/** The default bound of the export cache (EXPORT_CACHE_MB, README "Memory bounds"). */
export const EXPORT_CACHE_MAX_BYTES = 48 * 1024 * 1024;

interface Entry {
  value: unknown;
  bytes: number;
}

class ByteBoundedCache {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;

  constructor(public maxBytes: number) {}

  get(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, value: unknown, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.evictTo(this.maxBytes - bytes);
    this.#entries.set(key, { value, bytes });
    this.#bytes += bytes;
  }

  /** Drops the least recently used entries until at most `bytes` are held. */
  evictTo(bytes: number): void {
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= bytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  stats() {
    return { bytes: this.#bytes, entries: this.#entries.size, maxBytes: this.maxBytes };
  }
}

interface CacheState {
  cache: ByteBoundedCache;
  /** A number per selection's briefs array: the cache keeps no reference to the array itself. */
  ids: WeakMap<readonly unknown[], number>;
  nextId: number;
}
const STATE_KEY = Symbol.for('threat-brief-dashboard.export-cache');
type GlobalWithState = typeof globalThis & { [STATE_KEY]?: CacheState };

function state(): CacheState {
  const g = globalThis as GlobalWithState;
  g[STATE_KEY] ??= {
    cache: new ByteBoundedCache(EXPORT_CACHE_MAX_BYTES),
    ids: new WeakMap(),
    nextId: 1,
  };
  return g[STATE_KEY];
}

/** Sets the bound (from EXPORT_CACHE_MB when the feed store loads); entries past it go. */
export function configureExportCache(maxBytes: number): void {
  const { cache } = state();
  cache.maxBytes = maxBytes;
  cache.evictTo(maxBytes);
}

/** Estimated bytes of a string kept in memory. */
export const stringBytes = (text: string) => text.length * 2;

/** Estimated bytes of plain objects kept in memory. */
export const objectBytes = (value: unknown) => (JSON.stringify(value)?.length ?? 0) * 3;

/**
 * `compute()` once per selection (one data version of one view) and `key`, kept while the byte
 * bound allows. `key` must name everything else the value depends on.
 */
export function deriveExport<T>(
  selection: BriefSelection,
  key: string,
  compute: () => T,
  bytesOf: (value: T) => number,
): T {
  const s = state();
  let id = s.ids.get(selection.briefs);
  if (id === undefined) s.ids.set(selection.briefs, (id = s.nextId++));
  const cacheKey = `${id}\n${key}`;
  const known = s.cache.get(cacheKey);
  if (known) return known.value as T;
  const value = compute();
  s.cache.set(cacheKey, value, bytesOf(value));
  return value;
}

/** What the export cache holds now, for /api/status. */
export function exportCacheStats(): { bytes: number; entries: number; maxBytes: number } {
  return state().cache.stats();
}
