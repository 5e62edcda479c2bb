// Sets of brief positions as bitsets: intersecting two sets over 10,000 briefs is ~313 word ANDs.

export type Bitset = Uint32Array;

export function createBitset(size: number): Bitset {
  return new Uint32Array(Math.ceil(size / 32));
}

/** Positions [start, end) set; bits past `end` stay clear so counts stay exact. */
export function rangeBitset(size: number, start: number, end: number): Bitset {
  const bits = createBitset(size);
  const stop = Math.min(size, end);
  for (let i = Math.max(0, start); i < stop;) {
    if ((i & 31) === 0 && i + 32 <= stop) {
      bits[i >>> 5] = 0xffffffff;
      i += 32;
    } else {
      bits[i >>> 5]! |= 1 << (i & 31);
      i += 1;
    }
  }
  return bits;
}

export function addPositions(bits: Bitset, positions: ArrayLike<number>): void {
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    bits[p >>> 5]! |= 1 << (p & 31);
  }
}

export function hasPosition(bits: Bitset, position: number): boolean {
  return (bits[position >>> 5]! & (1 << (position & 31))) !== 0;
}

/** `a AND b` into a new bitset. */
export function intersect(a: Bitset, b: Bitset): Bitset {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! & b[i]!;
  return out;
}

export function countBits(bits: Bitset): number {
  let count = 0;
  for (let i = 0; i < bits.length; i++) {
    let w = bits[i]!;
    w -= (w >>> 1) & 0x55555555;
    w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
    count += (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return count;
}
