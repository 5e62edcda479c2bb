import { describe, expect, it } from 'vitest';
import {
  addPositions,
  countBits,
  createBitset,
  hasPosition,
  intersect,
  rangeBitset,
  type Bitset,
} from './bitset';

/** The set positions, read back one by one through the public API. */
function positionsOf(bits: Bitset, size: number): number[] {
  const out: number[] = [];
  for (let p = 0; p < size; p++) if (hasPosition(bits, p)) out.push(p);
  return out;
}

const range = (start: number, end: number) =>
  Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);

describe('createBitset', () => {
  it('has one 32-bit word per 32 positions, rounded up, all clear', () => {
    expect(createBitset(0).length).toBe(0);
    expect(createBitset(1).length).toBe(1);
    expect(createBitset(32).length).toBe(1);
    expect(createBitset(33).length).toBe(2);
    expect(createBitset(64).length).toBe(2);
    expect(createBitset(65).length).toBe(3);
    const bits = createBitset(100);
    expect(countBits(bits)).toBe(0);
    expect(positionsOf(bits, 100)).toEqual([]);
  });
});

describe('addPositions and hasPosition', () => {
  it('sets exactly the given positions, including both ends of each word', () => {
    const bits = createBitset(100);
    const positions = [0, 1, 30, 31, 32, 33, 63, 64, 95, 96, 99];
    addPositions(bits, positions);
    expect(positionsOf(bits, 100)).toEqual(positions);
    expect(countBits(bits)).toBe(positions.length);
  });

  it('bit 31 (the sign bit of a word) reads back as set', () => {
    const bits = createBitset(64);
    addPositions(bits, [31, 63]);
    expect(hasPosition(bits, 31)).toBe(true);
    expect(hasPosition(bits, 63)).toBe(true);
    expect(hasPosition(bits, 30)).toBe(false);
    expect(hasPosition(bits, 32)).toBe(false);
    expect(countBits(bits)).toBe(2);
  });

  it('accepts duplicates and any array-like, and adds to what is already set', () => {
    const bits = createBitset(40);
    addPositions(bits, [5, 5, 5]);
    addPositions(bits, Uint32Array.of(5, 39));
    addPositions(bits, []);
    expect(positionsOf(bits, 40)).toEqual([5, 39]);
  });

  it('a position beyond the last word reads as clear', () => {
    const bits = createBitset(32);
    addPositions(bits, [0]);
    expect(hasPosition(bits, 32)).toBe(false);
    expect(hasPosition(bits, 1000)).toBe(false);
    expect(hasPosition(createBitset(0), 0)).toBe(false);
  });
});

describe('rangeBitset', () => {
  it('sets [start, end) across word edges and nothing else', () => {
    const cases: [number, number, number][] = [
      [100, 0, 100],
      [100, 0, 0],
      [100, 0, 1],
      [100, 0, 31],
      [100, 0, 32],
      [100, 0, 33],
      [100, 31, 33],
      [100, 32, 64],
      [100, 1, 64],
      [100, 33, 97],
      [100, 64, 100],
      [100, 99, 100],
      [96, 0, 96],
      [96, 32, 96],
      [1, 0, 1],
    ];
    for (const [size, start, end] of cases) {
      const bits = rangeBitset(size, start, end);
      expect(bits.length, `${size} ${start} ${end}`).toBe(Math.ceil(size / 32));
      expect(positionsOf(bits, size), `${size} ${start} ${end}`).toEqual(range(start, end));
      expect(countBits(bits), `${size} ${start} ${end}`).toBe(end - start);
    }
  });

  it('is empty when start >= end, and clamps a negative start to 0', () => {
    expect(countBits(rangeBitset(100, 50, 50))).toBe(0);
    expect(countBits(rangeBitset(100, 60, 10))).toBe(0);
    expect(positionsOf(rangeBitset(100, -5, 3), 100)).toEqual([0, 1, 2]);
    expect(rangeBitset(0, 0, 0).length).toBe(0);
  });

  it('an end past the size stops at the size when the size is a whole number of words', () => {
    expect(countBits(rangeBitset(64, 0, 1000))).toBe(64);
    expect(countBits(rangeBitset(64, 40, 1000))).toBe(24);
  });

  it('an end past the size stops at the size within a partial last word', () => {
    expect(countBits(rangeBitset(40, 33, 100))).toBe(7);
  });

  // Known bug (reported, not fixed here; callers in query.ts always pass end <= size): when the
  // size is not a multiple of 32 and the range reaches the last word at a word edge with
  // end > size, the whole last word is set, so bits past the size are set and counted.
  // rangeBitset(40, 0, 100) counts 64. When this starts failing, the bug is fixed: drop `.fails`.
  it('an end past the size sets no bits past the size (word-aligned start)', () => {
    expect(countBits(rangeBitset(40, 0, 100))).toBe(40);
  });
});

describe('intersect', () => {
  it('keeps the positions in both, into a new bitset', () => {
    const a = createBitset(100);
    const b = createBitset(100);
    addPositions(a, [0, 31, 32, 50, 63, 64, 99]);
    addPositions(b, [1, 31, 32, 51, 63, 99]);
    const both = intersect(a, b);
    expect(positionsOf(both, 100)).toEqual([31, 32, 63, 99]);
    expect(both).not.toBe(a);
    expect(both).not.toBe(b);
    expect(positionsOf(a, 100)).toEqual([0, 31, 32, 50, 63, 64, 99]);
  });

  it('with an empty or full set', () => {
    const a = rangeBitset(70, 10, 60);
    expect(countBits(intersect(a, createBitset(70)))).toBe(0);
    expect(positionsOf(intersect(a, rangeBitset(70, 0, 70)), 70)).toEqual(range(10, 60));
    expect(intersect(createBitset(0), createBitset(0)).length).toBe(0);
  });
});

describe('countBits', () => {
  it('counts full words, single bits and sparse patterns', () => {
    expect(countBits(Uint32Array.of(0xffffffff, 0xffffffff))).toBe(64);
    expect(countBits(Uint32Array.of(0x80000000, 1))).toBe(2);
    expect(countBits(Uint32Array.of(0x55555555, 0xaaaaaaaa, 0x0f0f0f0f))).toBe(48);
    expect(countBits(new Uint32Array(0))).toBe(0);
  });

  it('agrees with a bit-by-bit count over pseudo-random words', () => {
    let x = 0x2545f491;
    const words = Uint32Array.from({ length: 200 }, () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x >>> 0;
    });
    let naive = 0;
    for (const w of words) for (let bit = 0; bit < 32; bit++) naive += (w >>> bit) & 1;
    expect(countBits(words)).toBe(naive);
    expect(countBits(words)).toBe(positionsOf(words, words.length * 32).length);
  });
});
