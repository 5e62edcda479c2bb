import { closeSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { LMDB_PAGE_SIZE as PAGE_SIZE } from '@/lib/serving/lmdb-file-check';

// Seeded damage to a brief store's data file, for the tests that prove a bad disk block never
// crashes the server: the same seed gives the same damage, so a failing seed can be run again.

export type StoreDamage = 'random-pages' | 'flipped-bytes';

/** mulberry32: a small seeded generator. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Overwrites whole data pages (never the two meta pages) with random bytes, or flips bytes; says which. */
export function damageStoreFile(file: string, seed: number, how: StoreDamage): string {
  const random = seeded(seed);
  const pages = Math.floor(statSync(file).size / PAGE_SIZE);
  const fd = openSync(file, 'r+');
  try {
    if (how === 'random-pages') {
      const count = Math.max(1, Math.floor((pages - 2) / 3));
      for (let i = 0; i < count; i++) {
        const page = 2 + Math.floor(random() * (pages - 2));
        const bytes = Buffer.alloc(PAGE_SIZE);
        for (let j = 0; j < PAGE_SIZE; j++) bytes[j] = Math.floor(random() * 256);
        writeSync(fd, bytes, 0, PAGE_SIZE, page * PAGE_SIZE);
      }
      return `${count} of ${pages} pages random`;
    }
    for (let i = 0; i < 200; i++) {
      const at = 2 * PAGE_SIZE + Math.floor(random() * (pages - 2) * PAGE_SIZE);
      const byte = Buffer.alloc(1);
      readSync(fd, byte, 0, 1, at);
      byte[0] = byte[0]! ^ (1 + Math.floor(random() * 255));
      writeSync(fd, byte, 0, 1, at);
    }
    return `200 bytes flipped over ${pages} pages`;
  } finally {
    closeSync(fd);
  }
}
