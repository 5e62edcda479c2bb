import type { Redis } from 'ioredis';
import type { Brief } from '@/lib/briefs/types';
import {
  openHead,
  openPart,
  sealHead,
  sealPart,
  type SharedHead,
} from '@/lib/serving/shared/signed-snapshot';
import type { SnapshotHead } from '@/lib/serving/shared/shared-snapshot';

// What someone with access to Redis does with a shared version (lib/serving/shared/): read
// it back, or write one of their own under the key layout the coordinator uses.

const NO_CAP = 1 << 30;

/** The shared latest version, read in full with the deployment's secret. */
export async function readShared(
  raw: Redis,
  secret: string,
  prefix = 'briefs:',
): Promise<{ version: string; head: SharedHead; briefs: Brief[] }> {
  const version = (await raw.get(`${prefix}version`))!;
  const head = await openHead(secret, version, (await raw.getBuffer(`${prefix}head`))!, NO_CAP);
  const briefs: Brief[] = [];
  for (let index = 0; index < head.parts; index++) {
    const stored = (await raw.getBuffer(`${prefix}snapshot:${version}:${index}`))!;
    const ref = { version, nonce: head.nonce, index };
    briefs.push(...(await openPart(secret, ref, stored, NO_CAP)).briefs);
  }
  return { version, head, briefs };
}

/** Writes the head value under `version` and announces it, as the PUBLISH script would. */
export async function plantHead(
  raw: Redis,
  version: string,
  head: Buffer,
  prefix = 'briefs:',
): Promise<void> {
  await raw.set(`${prefix}head`, head);
  await raw.set(`${prefix}version`, version);
  await raw.publish(`${prefix}versions`, version);
}

/**
 * Writes a whole version signed with `secret`, `perPart` briefs a part; `tamper` may change the
 * stored parts (forge, drop, reorder) before they are written.
 */
export async function plantShared(
  raw: Redis,
  opts: {
    version: string;
    secret: string;
    head: SnapshotHead;
    briefs: Brief[];
    perPart?: number;
    tamper?: (parts: Buffer[]) => Buffer[];
    prefix?: string;
  },
): Promise<void> {
  const { version, secret } = opts;
  const prefix = opts.prefix ?? 'briefs:';
  const perPart = opts.perPart ?? 1;
  const nonce = `planted-nonce-${version}-0123456789`;
  let parts: Buffer[] = [];
  for (let i = 0; i < opts.briefs.length; i += perPart) {
    const json = JSON.stringify(opts.briefs.slice(i, i + perPart));
    parts.push(await sealPart(secret, { version, nonce, index: parts.length }, json));
  }
  const count = parts.length;
  if (opts.tamper) parts = opts.tamper(parts);
  for (const [index, part] of parts.entries())
    await raw.set(`${prefix}snapshot:${version}:${index}`, part);
  const head: SharedHead = { ...opts.head, parts: count, briefs: opts.briefs.length, nonce };
  await plantHead(raw, version, await sealHead(secret, version, head), prefix);
}
