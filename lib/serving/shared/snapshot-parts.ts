import 'server-only';
import type { Brief } from '@/lib/briefs/types';
import {
  MAX_PART_BYTES,
  openPart,
  PART_TARGET_BYTES,
  RefusedSnapshot,
  sealPart,
  SIGNATURE_BYTES,
  type SharedHead,
} from './signed-snapshot';

// A shared version's briefs as parts: written a part at a time from the publisher's stream of
// briefs, read back a part at a time by an adopting instance. Neither side ever holds more than
// one part (and the next one, fetched ahead) of briefs, whatever the size of the feed.

/** GETRANGE end (inclusive) that reads a part in full, or one byte more than any part may be. */
export const PART_READ_END = MAX_PART_BYTES + SIGNATURE_BYTES + 1024;

/** Writes `briefs` as signed parts through `store` (index, value); the count of parts and briefs. */
export async function writeParts(opts: {
  secret: string;
  version: string;
  nonce: string;
  briefs: Iterable<Brief>;
  store: (index: number, value: Buffer) => Promise<void>;
}): Promise<{ parts: number; briefs: number }> {
  let chunks: string[] = [];
  let size = 0;
  let parts = 0;
  let briefs = 0;
  const flush = async () => {
    const json = `[${chunks.join(',')}]`;
    chunks = [];
    size = 0;
    const ref = { version: opts.version, nonce: opts.nonce, index: parts };
    await opts.store(parts++, await sealPart(opts.secret, ref, json));
  };
  for (const brief of opts.briefs) {
    const json = JSON.stringify(brief);
    // No silent cap: the publish fails (and says why) rather than leave a brief out.
    if (Buffer.byteLength(json) > MAX_PART_BYTES - 2)
      throw new Error(`brief ${brief.slug} is larger than a shared part may be`);
    if (size > 0 && size + json.length > PART_TARGET_BYTES) await flush();
    chunks.push(json);
    size += json.length + 1;
    briefs++;
  }
  if (chunks.length > 0) await flush();
  return { parts, briefs };
}

/**
 * The briefs of `head`'s parts, a verified part at a time, fetching the next part while this one
 * is used. RefusedSnapshot for a forged, missing or oversized part, or a count off the head's.
 */
export async function* readParts(opts: {
  secret: string;
  version: string;
  head: SharedHead;
  /** REDIS_SNAPSHOT_MAX_BYTES: all parts inflated together. */
  maxBytes: number;
  /** The stored part (at most PART_READ_END + 1 bytes); empty when missing. */
  fetch: (index: number) => Promise<Buffer>;
}): AsyncGenerator<Brief[]> {
  const { head } = opts;
  let remaining = opts.maxBytes;
  let briefs = 0;
  const prefetch = (index: number) => {
    const next = opts.fetch(index);
    next.catch(() => undefined); // awaited below; marked handled if the reader stops early
    return next;
  };
  let next = head.parts > 0 ? prefetch(0) : null;
  for (let index = 0; index < head.parts; index++) {
    const stored = await next!;
    next = index + 1 < head.parts ? prefetch(index + 1) : null;
    if (stored.byteLength === 0) throw new RefusedSnapshot(`part ${index} is missing`);
    const ref = { version: opts.version, nonce: head.nonce, index };
    const part = await openPart(opts.secret, ref, stored, remaining);
    remaining -= part.bytes;
    briefs += part.briefs.length;
    if (briefs > head.briefs)
      throw new RefusedSnapshot(`more briefs than the head's ${head.briefs}`);
    yield part.briefs;
  }
  if (briefs !== head.briefs)
    throw new RefusedSnapshot(`${briefs} briefs in the parts, the head says ${head.briefs}`);
}
