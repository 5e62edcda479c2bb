import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Brief, ListedBrief, SkipReason } from '@/lib/briefs/types';
import type { PageRecord } from './crawl';
import type { Validators } from './http-client';
import type { Entry } from './ingest/entries';
import type { BriefStore, StoredPage } from './brief-store';
import type { StoredEntry } from './stored-entries';

// The last good data on disk, so a restart serves at once. The file is written to a temp name,
// fsynced and renamed (atomic on POSIX), and its last line carries the body's length and
// SHA-256, so a torn or hand-damaged file is detected and ignored rather than half-loaded.
// The body is streamed a batch of briefs at a time: at 10,000 briefs it is about 150 MB, and one
// JSON string of it (twice that as a V8 string, plus a copy as bytes) was the process's peak.

// 3: briefs carry indicators, references and confidence.
const FORMAT = 'brief-snapshot/3';
const BRIEFS_PER_WRITE = 200;
const FILE = 'feed-snapshot.json';

export interface SnapshotPage {
  url: string;
  validators: Validators;
  nextUrl: string | null;
  /**
   * The page's items in order: a brief's slug (and its key in the brief store, so an instance
   * adopting the snapshot shares the memo), or why the item was skipped.
   */
  entries: ({ slug: string; key?: string } | { skip: string; name?: string })[];
}

export interface Snapshot {
  feedUrl: string;
  fetchedAt: string;
  savedAt: string;
  pages: SnapshotPage[];
  briefs: Brief[];
  stix: { fetchedAt: string | null; reports: number; sha1: string | null };
}

/** What a refresh kept, as a snapshot: each page lists its briefs by slug, the briefs once. */
export function toSnapshot(input: {
  feedUrl: string;
  fetchedAt: string;
  pages: readonly PageRecord<Entry | StoredEntry>[];
  briefs: Brief[];
  stix: Snapshot['stix'];
}): Snapshot {
  return {
    feedUrl: input.feedUrl,
    fetchedAt: input.fetchedAt,
    savedAt: new Date().toISOString(),
    pages: input.pages.map((p) => ({
      url: p.url,
      validators: p.validators,
      nextUrl: p.nextUrl,
      entries: p.entries.map((e) =>
        'skip' in e
          ? { skip: e.skip, ...(e.name && { name: e.name }) }
          : 'key' in e
            ? { slug: e.brief.slug, key: e.key }
            : { slug: e.brief.slug },
      ),
    })),
    briefs: input.briefs,
    stix: input.stix,
  };
}

/** The crawl's pages as the brief store saves them: briefs by key. */
export function toStoredPages(pages: readonly PageRecord<StoredEntry>[]): StoredPage[] {
  return pages.map((p) => ({
    url: p.url,
    validators: p.validators,
    nextUrl: p.nextUrl,
    entries: p.entries.map((e) =>
      'skip' in e
        ? { skip: e.skip, ...(e.name && { name: e.name }) }
        : { key: e.key, slug: e.brief.slug },
    ),
  }));
}

/** A snapshot without its briefs: what a shared version's head carries. */
export type SnapshotHead = Omit<Snapshot, 'briefs'>;

/** The feed for other instances: the head, and the briefs one at a time as they are asked for. */
export interface SharedSnapshotSource {
  head: SnapshotHead;
  briefs: Iterable<Brief>;
}

/**
 * The whole feed for another instance, each body read back from the brief store only when the
 * publisher asks for that brief: the whole snapshot is never on the heap (150 MB at 10k briefs).
 */
export function toSharedSnapshot(input: {
  feedUrl: string;
  fetchedAt: string;
  pages: readonly PageRecord<StoredEntry>[];
  briefs: readonly ListedBrief[];
  store: BriefStore;
  stix: Snapshot['stix'];
}): SharedSnapshotSource {
  const keys = new Map(
    input.pages.flatMap((p) =>
      p.entries.flatMap((e) => ('key' in e ? [[e.brief.slug, e.key]] : [])),
    ),
  );
  const { pages, stix, feedUrl, fetchedAt, savedAt } = toSnapshot({ ...input, briefs: [] });
  const { store } = input;
  return {
    head: { feedUrl, fetchedAt, savedAt, pages, stix },
    briefs: {
      *[Symbol.iterator]() {
        for (const listed of input.briefs) {
          const key = keys.get(listed.slug)!;
          const body = store.getBody(key);
          // Dropped since it was served (a later save): never share a brief without its body.
          if (!body) throw new Error(`the brief store has no body for ${listed.slug}`);
          yield { ...listed, ...body, text: store.getText(key) };
        }
      },
    },
  };
}

/**
 * Saved pages (the brief store's or a shared snapshot's) as the crawl keeps them: each brief
 * entry resolved by `resolve` (dropped when it gives null), each skip kept with its name.
 */
export function toPageRecords<S extends { slug: string }>(
  pages: readonly {
    url: string;
    validators: Validators;
    nextUrl: string | null;
    entries: readonly (S | { skip: string; name?: string })[];
  }[],
  resolve: (entry: S) => StoredEntry | null,
): PageRecord<StoredEntry>[] {
  return pages.map((page) => ({
    url: page.url,
    validators: page.validators,
    nextUrl: page.nextUrl,
    entries: page.entries.flatMap((e): StoredEntry[] => {
      if ('skip' in e) return [{ skip: e.skip as SkipReason, ...(e.name && { name: e.name }) }];
      const entry = resolve(e);
      return entry ? [entry] : [];
    }),
  }));
}

const trailerSchema = z.object({
  format: z.literal(FORMAT),
  bytes: z.number().int(),
  sha256: z.string(),
});
const snapshotSchema = z.object({
  feedUrl: z.string(),
  fetchedAt: z.string(),
  savedAt: z.string(),
  pages: z.array(
    z
      .object({ url: z.string(), nextUrl: z.string().nullable(), entries: z.array(z.unknown()) })
      .passthrough(),
  ),
  briefs: z.array(z.object({ slug: z.string(), title: z.string() }).passthrough()),
  stix: z.object({ reports: z.number() }).passthrough(),
});

/**
 * Hands the snapshot's JSON to `write` a batch of briefs at a time, for writers that stream (the
 * disk file here, the gzip'd copy in Redis): joined, the chunks are the snapshot's JSON with
 * `briefs` last. An async loop, not a generator: with 10,000 briefs the same loop written as a
 * generator raised the server's peak RSS from about 840 MB to 990-1,100 MB (two runs each).
 */
export async function writeSnapshotJson(
  snapshot: Snapshot,
  write: (chunk: string) => Promise<void>,
): Promise<void> {
  const { briefs, ...rest } = snapshot;
  await write(`${JSON.stringify(rest).slice(0, -1)},"briefs":[`);
  for (let i = 0; i < briefs.length; i += BRIEFS_PER_WRITE) {
    const batch = briefs.slice(i, i + BRIEFS_PER_WRITE).map((b) => JSON.stringify(b));
    await write((i > 0 ? ',' : '') + batch.join(','));
  }
  await write(']}');
}

export function snapshotPath(cacheDir: string): string {
  return path.resolve(cacheDir, FILE);
}

export async function writeSnapshot(cacheDir: string, snapshot: Snapshot): Promise<void> {
  const target = snapshotPath(cacheDir);
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temp, 'w');
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    const write = async (text: string) => {
      const chunk = Buffer.from(text);
      hash.update(chunk);
      bytes += chunk.byteLength;
      await handle.write(chunk);
    };
    await writeSnapshotJson(snapshot, write);
    const trailer = JSON.stringify({ format: FORMAT, bytes, sha256: hash.digest('hex') });
    await handle.write(`\n${trailer}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

export type SnapshotReadResult =
  { kind: 'ok'; snapshot: Snapshot } | { kind: 'missing' } | { kind: 'invalid'; reason: string };

export async function readSnapshot(cacheDir: string): Promise<SnapshotReadResult> {
  let raw: Buffer;
  try {
    raw = await readFile(snapshotPath(cacheDir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'invalid', reason: (err as Error).message };
  }
  // A file cut short has lost its trailer: the last line is then not a trailer, or there is none.
  const end = raw.at(-1) === 0x0a ? raw.length - 1 : raw.length;
  const newline = raw.lastIndexOf(0x0a, end - 1);
  if (newline < 0) return { kind: 'invalid', reason: 'torn file: no trailer line' };
  let trailer: z.infer<typeof trailerSchema>;
  try {
    trailer = trailerSchema.parse(JSON.parse(raw.subarray(newline + 1, end).toString('utf8')));
  } catch {
    return { kind: 'invalid', reason: 'torn file: unreadable trailer line' };
  }
  const body = raw.subarray(0, newline);
  if (body.byteLength !== trailer.bytes) {
    return { kind: 'invalid', reason: `torn file: ${body.byteLength} of ${trailer.bytes} bytes` };
  }
  if (sha256(body) !== trailer.sha256) return { kind: 'invalid', reason: 'checksum mismatch' };
  try {
    const parsed = snapshotSchema.safeParse(JSON.parse(body.toString('utf8')));
    if (!parsed.success) return { kind: 'invalid', reason: 'unexpected shape' };
    // The file is ours (checksummed, written by writeSnapshot): the deep shape is trusted.
    return { kind: 'ok', snapshot: parsed.data as unknown as Snapshot };
  } catch {
    return { kind: 'invalid', reason: 'unparsable body' };
  }
}

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}
