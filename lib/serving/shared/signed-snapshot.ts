import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { z } from 'zod';
import type { Brief } from '@/lib/briefs/types';
import type { SnapshotHead } from '@/lib/serving/shared/shared-snapshot';

// How a shared snapshot is stored in Redis: never as one value. A version is a head (the pages,
// STIX record, the number of parts and a random nonce) and parts of about PART_TARGET_BYTES of
// briefs' JSON each, every value gzip'd behind its own HMAC-SHA256 keyed by REDIS_SNAPSHOT_SECRET.
// The head's HMAC binds it to its version; a part's binds it to its version, the head's nonce and
// its index, so a part cannot be moved, reordered, replayed from another version or left out
// (the signed head names how many there are). Every signature is checked before inflating.

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export const SIGNATURE_BYTES = 32;
/** Briefs' JSON per part before gzip: one part is all an adopting instance holds at a time. */
export const PART_TARGET_BYTES = 1024 * 1024;
/** Cap on one part, stored and inflated: a single brief larger than this is not shared. */
export const MAX_PART_BYTES = 16 * 1024 * 1024;
/** Cap on the head, stored and inflated (about 120 bytes a brief: 6 MB at 50,000 briefs). */
export const MAX_HEAD_BYTES = 64 * 1024 * 1024;
/** Cap on the number of parts a head may name. */
export const MAX_PARTS = 100_000;

/** Why a stored version was not adopted. */
export class RefusedSnapshot extends Error {}

export interface SharedHead extends SnapshotHead {
  /** How many parts follow, and how many briefs they hold. */
  parts: number;
  briefs: number;
  /** Random per publish: binds the parts to this head even if a token is ever reused. */
  nonce: string;
}

const headSchema = z
  .object({
    feedUrl: z.string(),
    fetchedAt: z.string(),
    savedAt: z.string(),
    pages: z.array(
      z
        .object({ url: z.string(), nextUrl: z.string().nullable(), entries: z.array(z.unknown()) })
        .passthrough(),
    ),
    stix: z.object({ reports: z.number() }).passthrough(),
    parts: z.number().int().min(0).max(MAX_PARTS),
    briefs: z.number().int().min(0),
    nonce: z.string().min(16).max(64),
  })
  .passthrough();
const partSchema = z.array(z.object({ slug: z.string(), title: z.string() }).passthrough());

export interface PartRef {
  version: string;
  nonce: string;
  index: number;
}

function sign(secret: string, label: string, gzipped: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${label}\n`).update(gzipped).digest();
}
const headLabel = (version: string) => `head ${version}`;
const partLabel = (ref: PartRef) => `part ${ref.version} ${ref.nonce} ${ref.index}`;

/** The signature of a stored head: binds its gzip bytes to the version. */
export const signHead = (secret: string, version: string, gzipped: Buffer): Buffer =>
  sign(secret, headLabel(version), gzipped);
/** The signature of a stored part: binds its gzip bytes to its version, nonce and index. */
export const signPart = (secret: string, ref: PartRef, gzipped: Buffer): Buffer =>
  sign(secret, partLabel(ref), gzipped);

async function seal(secret: string, label: string, json: string): Promise<Buffer> {
  const gzipped = await gzipAsync(json);
  return Buffer.concat([sign(secret, label, gzipped), gzipped]);
}

/** The stored head of `version`. */
export function sealHead(secret: string, version: string, head: SharedHead): Promise<Buffer> {
  return seal(secret, headLabel(version), JSON.stringify(head));
}

/** A stored part: `json` is a JSON array of briefs (built a brief at a time by the publisher). */
export function sealPart(secret: string, ref: PartRef, json: string): Promise<Buffer> {
  return seal(secret, partLabel(ref), json);
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** Checks the signature, then inflates with a cap and parses; RefusedSnapshot on any failure. */
async function open(
  secret: string,
  label: string,
  what: string,
  stored: Buffer,
  cap: { bytes: number; name: string },
): Promise<{ value: unknown; bytes: number }> {
  if (stored.byteLength <= SIGNATURE_BYTES) throw new RefusedSnapshot(`${what}: no signature`);
  if (stored.byteLength > cap.bytes + SIGNATURE_BYTES + 1024)
    throw new RefusedSnapshot(`${what} is stored past the ${mb(cap.bytes)} cap (${cap.name})`);
  const gzipped = stored.subarray(SIGNATURE_BYTES);
  if (!timingSafeEqual(stored.subarray(0, SIGNATURE_BYTES), sign(secret, label, gzipped)))
    throw new RefusedSnapshot(
      `${what}: its signature does not match (not written with this REDIS_SNAPSHOT_SECRET)`,
    );
  let json: Buffer;
  try {
    json = await gunzipAsync(gzipped, { maxOutputLength: cap.bytes });
  } catch (err) {
    const tooLarge = (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new RefusedSnapshot(
      tooLarge
        ? `${what}: it inflates past the ${mb(cap.bytes)} cap (${cap.name})`
        : `${what}: it does not decompress (${(err as Error).message})`,
    );
  }
  try {
    return { value: JSON.parse(json.toString('utf8')), bytes: json.byteLength };
  } catch {
    throw new RefusedSnapshot(`${what}: it is not JSON`);
  }
}

export async function openHead(
  secret: string,
  version: string,
  stored: Buffer,
  maxBytes: number,
): Promise<SharedHead> {
  const cap =
    maxBytes < MAX_HEAD_BYTES
      ? { bytes: maxBytes, name: 'REDIS_SNAPSHOT_MAX_BYTES' }
      : { bytes: MAX_HEAD_BYTES, name: 'the head cap' };
  const { value } = await open(secret, headLabel(version), 'the head', stored, cap);
  const parsed = headSchema.safeParse(value);
  if (!parsed.success) throw new RefusedSnapshot('the head: unexpected shape');
  // Signed by an instance of this deployment: past this shape check the pages are trusted.
  return parsed.data as unknown as SharedHead;
}

/** A part's briefs; `remaining` is what is left of REDIS_SNAPSHOT_MAX_BYTES for the version. */
export async function openPart(
  secret: string,
  ref: PartRef,
  stored: Buffer,
  remaining: number,
): Promise<{ briefs: Brief[]; bytes: number }> {
  const cap =
    remaining < MAX_PART_BYTES
      ? { bytes: Math.max(0, remaining), name: 'REDIS_SNAPSHOT_MAX_BYTES, all parts together' }
      : { bytes: MAX_PART_BYTES, name: 'the part cap' };
  const what = `part ${ref.index}`;
  const { value, bytes } = await open(secret, partLabel(ref), what, stored, cap);
  const parsed = partSchema.safeParse(value);
  if (!parsed.success) throw new RefusedSnapshot(`${what}: unexpected shape`);
  return { briefs: parsed.data as unknown as Brief[], bytes };
}
