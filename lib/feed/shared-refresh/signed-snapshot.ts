import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { writeSnapshotJson, type Snapshot } from '@/lib/feed/snapshot';

// How a snapshot is stored in Redis: its JSON gzip'd as it streams, behind an HMAC-SHA256 that
// binds the gzip bytes to the version they are stored under (docs/scale-out.md).

/** Gzip'd JSON of a snapshot, streamed through zlib so the whole JSON is never one string. */
export async function gzipSnapshot(snapshot: Snapshot): Promise<Buffer> {
  const gzip = createGzip();
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = once(gzip, 'end');
  await writeSnapshotJson(snapshot, async (chunk) => {
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  });
  gzip.end();
  await ended;
  return Buffer.concat(out);
}

export const SIGNATURE_BYTES = 32;

/** The signature of a stored snapshot: binds the gzip bytes to the version they are stored under. */
export function signSnapshot(secret: string, version: string, gzipped: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${version}\n`).update(gzipped).digest();
}
