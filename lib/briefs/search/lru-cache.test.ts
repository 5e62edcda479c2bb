import { describe, expect, it } from 'vitest';
import { LruCache } from './lru-cache';

/** Which of `keys` the cache holds. A hit refreshes the key, so this changes the order. */
function held<K, V>(cache: LruCache<K, V>, keys: K[]): K[] {
  return keys.filter((key) => cache.get(key) !== undefined);
}

describe('LruCache', () => {
  it('starts empty and returns undefined for a missing key', () => {
    const cache = new LruCache<string, number>(3);
    expect(cache.size).toBe(0);
    expect(cache.capacity).toBe(3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('holds up to its capacity, then evicts the oldest entry', () => {
    const cache = new LruCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.size).toBe(3);
    cache.set('d', 4);
    expect(cache.size).toBe(3);
    expect(cache.get('a')).toBeUndefined();
    expect([cache.get('b'), cache.get('c'), cache.get('d')]).toEqual([2, 3, 4]);
  });

  it('a get makes an entry the youngest', () => {
    const cache = new LruCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1); // order now b, c, a
    cache.set('d', 4); // evicts b
    expect(held(cache, ['b'])).toEqual([]);
    cache.set('e', 5); // evicts c
    expect(held(cache, ['c'])).toEqual([]);
    expect(cache.get('a')).toBe(1);
    expect(cache.size).toBe(3);
  });

  it('a miss does not change the order', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('zzz')).toBeUndefined();
    cache.set('c', 3); // still evicts a
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe(2);
  });

  it('setting an existing key replaces its value, makes it the youngest and evicts nothing', () => {
    const cache = new LruCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    cache.set('a', 10); // order now b, c, a
    expect(cache.size).toBe(3);
    cache.set('d', 4); // evicts b
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(10);
    expect(cache.get('c')).toBe(3);
    expect(cache.get('d')).toBe(4);
  });

  it('evicts in least-recently-used order over a longer sequence', () => {
    const cache = new LruCache<number, string>(4);
    for (let i = 0; i < 4; i++) cache.set(i, `v${i}`); // 0 1 2 3
    cache.get(1); // 0 2 3 1
    cache.get(0); // 2 3 1 0
    cache.set(2, 'again'); // 3 1 0 2
    // Each new key evicts the oldest; probing the evicted key is a miss, which reorders nothing.
    for (const [newKey, evicted] of [
      [4, 3],
      [5, 1],
      [6, 0],
      [7, 2],
    ] as const) {
      cache.set(newKey, `v${newKey}`);
      expect(cache.size).toBe(4);
      expect(cache.get(evicted), `set ${newKey}`).toBeUndefined();
    }
    expect(held(cache, [0, 1, 2, 3, 4, 5, 6, 7])).toEqual([4, 5, 6, 7]);
  });

  it('keeps keys by identity, and falsy values such as 0, "" and null', () => {
    const cache = new LruCache<object | string, number | string | null>(5);
    const key = { q: 'x' };
    cache.set(key, 0);
    cache.set('', '');
    cache.set('n', null);
    expect(cache.get(key)).toBe(0);
    expect(cache.get({ q: 'x' })).toBeUndefined();
    expect(cache.get('')).toBe('');
    expect(cache.get('n')).toBeNull();
  });

  it('capacity 1 keeps only the latest; capacity 0 keeps nothing', () => {
    const one = new LruCache<string, number>(1);
    one.set('a', 1);
    one.set('b', 2);
    expect(one.size).toBe(1);
    expect(one.get('a')).toBeUndefined();
    expect(one.get('b')).toBe(2);
    const none = new LruCache<string, number>(0);
    none.set('a', 1);
    expect(none.size).toBe(0);
    expect(none.get('a')).toBeUndefined();
  });

  it('clear empties it, and it fills again afterwards', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get('a')).toBeUndefined();
    cache.set('c', 3);
    expect(cache.size).toBe(1);
    expect(cache.get('c')).toBe(3);
  });
});
