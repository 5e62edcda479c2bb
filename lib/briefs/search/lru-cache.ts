// A small least-recently-used cache: a Map keeps insertion order, so re-inserting on read
// moves an entry to the young end and the first key is the oldest. Bounded by count and, when
// given `bytes`, also by the estimated size of what it holds.

export interface ByteBound<V> {
  max: number;
  sizeOf: (value: V) => number;
}

export class LruCache<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #sizes = new Map<K, number>();
  #bytes = 0;

  constructor(
    readonly capacity: number,
    readonly bytes?: ByteBound<V>,
  ) {}

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#remove(key);
    const size = this.bytes ? this.bytes.sizeOf(value) : 0;
    if (this.bytes && size > this.bytes.max) return;
    this.#entries.set(key, value);
    this.#sizes.set(key, size);
    this.#bytes += size;
    while (
      this.#entries.size > this.capacity ||
      (this.bytes !== undefined && this.#bytes > this.bytes.max)
    ) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#remove(oldest.value);
    }
  }

  #remove(key: K): void {
    if (!this.#entries.delete(key)) return;
    this.#bytes -= this.#sizes.get(key) ?? 0;
    this.#sizes.delete(key);
  }

  /** The estimated bytes held (0 without a byte bound). */
  get heldBytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
    this.#sizes.clear();
    this.#bytes = 0;
  }
}
