import 'server-only';
import { closeSync, openSync, readSync, statSync } from 'node:fs';

// LMDB trusts its file: a garbage or cut-short one can crash the process that opens it. This is
// the cheap first check, from the file's two meta pages, before the child-process read of
// store-verify.ts.

export const LMDB_PAGE_SIZE = 4096;
const LMDB_MAGIC = 0xbeefc0de;
// The meta record follows each meta page's 24-byte header: magic, version, address, map size,
// two 48-byte database records, then the last page used and the transaction id.
const META_OFFSET = 24;
const META_LAST_PAGE = 120;
const META_TXN_ID = 128;

/**
 * Why the file at `file` cannot be an intact LMDB file, or null when it can. Read from LMDB's two
 * meta pages (the newer, by transaction id, is the committed one): the magic number, and the
 * last page it uses, which must lie inside the file.
 */
export function checkLmdbFile(file: string): string | null {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return null; // no file yet: LMDB creates it
  }
  if (size < 2 * LMDB_PAGE_SIZE) return `torn or foreign file: ${size} bytes`;
  const head = Buffer.alloc(2 * LMDB_PAGE_SIZE);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  let lastPage = -1;
  let newest = -1;
  for (const page of [0, 1]) {
    const at = page * LMDB_PAGE_SIZE + META_OFFSET;
    if (head.readUInt32LE(at) !== LMDB_MAGIC) return 'foreign file: not an LMDB environment';
    const txnId = Number(head.readBigUInt64LE(at + META_TXN_ID));
    if (txnId > newest) {
      newest = txnId;
      lastPage = Number(head.readBigUInt64LE(at + META_LAST_PAGE));
    }
  }
  const needed = (lastPage + 1) * LMDB_PAGE_SIZE;
  return size < needed ? `torn file: ${size} of ${needed} bytes` : null;
}
