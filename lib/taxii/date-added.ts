import 'server-only';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { exportKeyOf } from '@/lib/briefs/export/brief-key';
import type { IndexedBrief } from '@/lib/briefs/types';

// TAXII's date_added: when a brief's version (`url|modified`) first became visible through TAXII.
// It is stamped with the clock of the first TAXII request that sees the served data holding it,
// so it is never earlier than the moment any client could have received the object: a client that
// takes its own clock as the next `added_after` misses nothing (a stamp from the data, such as the
// crawl's end, would predate the swap that makes the object visible). The stamps are kept in the
// cache directory and read back at a start, so a restart does not renumber history.
// An object whose content moves apart from its brief (a vulnerability whose KEV or EPSS changed) is
// stamped per object version too (noteObjectVersion): its date_added is the later of the two, so
// a client polling with added_after receives the new version.

const FILE = 'taxii-date-added.json';
/** Stamps kept at most; the oldest go first (their briefs left the feed long ago). */
export const MAX_STAMPS = 500_000;

const ISO = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const fileSchema = z.object({
  version: z.literal(1),
  stamps: z.record(z.string().max(4096), ISO),
  /** Per STIX object id: the version last served (modified and a content hash) and its stamp. */
  objects: z.record(z.string().max(200), z.object({ v: z.string().max(200), at: ISO })).optional(),
});

interface ObjectStamp {
  v: string;
  at: string;
}

interface DateAddedState {
  dir: string | null;
  seen: WeakSet<readonly IndexedBrief[]>;
  added: Map<string, string>;
  objects: Map<string, ObjectStamp>;
  saving: Promise<void> | null;
  dirty: boolean;
}

// Process-wide: Next may load this module twice (route bundles).
const STATE_KEY = Symbol.for('threat-brief-dashboard.taxii-date-added');
type GlobalWithState = typeof globalThis & { [STATE_KEY]?: DateAddedState };

function state(dir: string | null): DateAddedState {
  const g = globalThis as GlobalWithState;
  if (!g[STATE_KEY] || g[STATE_KEY].dir !== dir) {
    g[STATE_KEY] = { dir, seen: new WeakSet(), ...readStamps(dir), saving: null, dirty: false };
  }
  return g[STATE_KEY];
}

function readStamps(dir: string | null): Pick<DateAddedState, 'added' | 'objects'> {
  const none = () => ({ added: new Map(), objects: new Map() });
  if (!dir) return none();
  try {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(path.join(dir, FILE), 'utf8')));
    // An unreadable or foreign file is ignored: the objects are then stamped again (re-sent, never missed).
    if (!parsed.success) return none();
    return {
      added: new Map(Object.entries(parsed.data.stamps)),
      objects: new Map(Object.entries(parsed.data.objects ?? {})),
    };
  } catch {
    return none();
  }
}

function save(s: DateAddedState): void {
  if (!s.dir) return;
  s.dirty = true;
  if (s.saving) return;
  s.saving = (async () => {
    while (s.dirty) {
      s.dirty = false;
      const newest = <T>(map: Map<string, T>) => [...map].slice(-MAX_STAMPS);
      const body = JSON.stringify({
        version: 1,
        stamps: Object.fromEntries(newest(s.added)),
        objects: Object.fromEntries(newest(s.objects)),
      });
      try {
        mkdirSync(s.dir!, { recursive: true });
        const tmp = path.join(s.dir!, `${FILE}.${process.pid}.tmp`);
        writeFileSync(tmp, body);
        renameSync(tmp, path.join(s.dir!, FILE));
      } catch (err) {
        console.error(`Could not save TAXII date_added stamps: ${String(err)}`);
      }
      await new Promise((r) => setTimeout(r, 0));
    }
    s.saving = null;
  })();
}

/** A brief's version: its unique export key (brief-key.ts) and when it last changed. */
export const versionKey = (brief: IndexedBrief) =>
  `${exportKeyOf(brief)}|${brief.modified ?? brief.date}`;

/**
 * Stamps the served briefs (the store's whole array, swapped whole on each change) that have no
 * date_added yet with `now`; an array already seen costs nothing.
 */
export function noteServedBriefs(
  briefs: readonly IndexedBrief[],
  opts: { dir: string | null; now?: Date },
): void {
  const s = state(opts.dir);
  if (s.seen.has(briefs)) return;
  s.seen.add(briefs);
  const iso = (opts.now ?? new Date()).toISOString();
  let added = false;
  for (const brief of briefs) {
    const key = versionKey(brief);
    if (!s.added.has(key)) {
      s.added.set(key, iso);
      added = true;
    }
  }
  if (added) save(s);
}

/** The brief's date_added; a brief not yet noted counts as added now (it is being served now). */
export function dateAddedOf(brief: IndexedBrief, dir: string | null): string {
  return state(dir).added.get(versionKey(brief)) ?? new Date().toISOString();
}

/** An object's version as served: its `modified` and a hash of its content. */
export const objectVersionOf = (object: { modified: string }) =>
  `${object.modified}|${createHash('sha256').update(JSON.stringify(object)).digest('base64url').slice(0, 16)}`;

/**
 * When this version of an object that changes apart from its brief (a vulnerability with KEV or
 * EPSS) was first served: `now` when it differs from the version served before (a new EPSS day,
 * a CVE added to KEV, and also a signal dropped). Null for an object never `tracked` (one that
 * never carried a signal here): it is as old as its brief.
 */
export function noteObjectVersion(
  object: { id: string; modified: string },
  tracked: boolean,
  opts: { dir: string | null; now?: Date },
): string | null {
  const s = state(opts.dir);
  const known = s.objects.get(object.id);
  if (!known && !tracked) return null;
  const v = objectVersionOf(object);
  if (known?.v === v) return known.at;
  const at = (opts.now ?? new Date()).toISOString();
  // Re-inserted so the map's order is the stamps' age (the oldest go first past MAX_STAMPS).
  s.objects.delete(object.id);
  s.objects.set(object.id, { v, at });
  save(s);
  return at;
}

/** Resolves once the stamps are on disk (tests, and a clean shutdown). */
export async function flushDateAdded(dir: string | null): Promise<void> {
  await state(dir).saving;
}
