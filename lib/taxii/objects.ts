import 'server-only';
import {
  toStixObjectsOfBrief,
  PRODUCER,
  type ExtrasOf,
  type StixObject,
} from '@/lib/briefs/export/stix';
import type { BriefSelection } from '@/lib/briefs/select';
import { deriveExport, objectBytes } from '@/lib/briefs/export/export-cache';
import { originSlot } from '@/lib/briefs/export/origin-slot';
import { NO_SIGNALS, type CveSignals } from '@/lib/signals/types';
import { dateAddedOf, noteObjectVersion } from './date-added';
import {
  decodeNextToken,
  encodeNextToken,
  NEXT_TOKEN_MESSAGES,
  toQueryBinding,
} from './next-token';

// A collection's objects for the objects and manifest endpoints: each with its `date_added`,
// sorted by it (then by id), filtered by the TAXII 2.1 query (added_after, match[...]) and paged
// with limit/next. `next` is a cursor (the date and id of the page's last object), not an offset,
// so briefs arriving between two pages neither repeat nor vanish; it is bound to the collection
// and the query (next-token.ts). date_added is date-added.ts's. A vulnerability carries the KEV
// and EPSS references of the current signals, as the STIX export does; when they change, the
// object is a new version with a later date_added, after every cursor already handed out.

export interface CollectionEntry {
  object: StixObject;
  dateAdded: string;
}

const compareEntries = (a: CollectionEntry, b: CollectionEntry) =>
  a.dateAdded < b.dateAdded
    ? -1
    : a.dateAdded > b.dateAdded
      ? 1
      : a.object.id < b.object.id
        ? -1
        : a.object.id > b.object.id
          ? 1
          : 0;

/**
 * Every object of the selection's briefs, once, sorted. An object several briefs refer to (a
 * technique) was added with the first of them: a new brief brings it again only to a collection
 * that did not hold it yet. Links carry the stand-in origin (origin-slot.ts): the answer fills in
 * the request's, so one cached copy serves every origin. Built once per selection and signals
 * version.
 */
export function collectionEntries(
  selection: BriefSelection,
  stampDir: string | null,
  extrasOf?: ExtrasOf,
  signals: CveSignals = NO_SIGNALS,
): CollectionEntry[] {
  const origin = originSlot();
  return deriveExport(
    selection,
    `taxii-entries:signals-${signals.version}`,
    () => {
      const byId = new Map<string, CollectionEntry>();
      for (const brief of selection.briefs) {
        const dateAdded = dateAddedOf(brief, stampDir);
        for (const object of toStixObjectsOfBrief(brief, origin, extrasOf, signals)) {
          const known = byId.get(object.id);
          if (!known || dateAdded < known.dateAdded) byId.set(object.id, { object, dateAdded });
        }
      }
      for (const entry of byId.values()) {
        if (entry.object.type !== 'vulnerability') continue;
        // More references than the CVE's own: KEV or EPSS (stix.ts).
        const refs = entry.object.external_references;
        const signalled = Array.isArray(refs) && refs.length > 1;
        const stamp = noteObjectVersion(entry.object, signalled, { dir: stampDir });
        if (stamp !== null && stamp > entry.dateAdded) entry.dateAdded = stamp;
      }
      if (byId.size > 0) {
        const first = [...byId.values()].reduce((a, b) => (b.dateAdded < a.dateAdded ? b : a));
        byId.set(PRODUCER.id, { object: PRODUCER, dateAdded: first.dateAdded });
      }
      return [...byId.values()].sort(compareEntries);
    },
    objectBytes,
  );
}

export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;

export interface ObjectsQuery {
  addedAfter: string | null;
  limit: number;
  after: { dateAdded: string; id: string } | null;
  types: string[] | null;
  ids: string[] | null;
  versions: string[];
  specVersions: string[] | null;
  /** What a `next` token of this query is bound to (next-token.ts). */
  binding: string;
}

export type ParsedQuery =
  { ok: true; query: ObjectsQuery } | { ok: false; parameter: string; message: string };

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const isTimestamp = (value: string) => TIMESTAMP.test(value) && Number.isFinite(Date.parse(value));
/** A timestamp in the fixed form the entries are compared in. */
const toIso = (value: string) => new Date(value).toISOString();

const list = (value: string | null) =>
  value === null
    ? null
    : value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);

/**
 * The filtering and paging parameters of TAXII 2.1 section 3.4. `scope` names the collection and
 * endpoint a `next` token must come from.
 */
export function parseObjectsQuery(params: URLSearchParams, scope = ''): ParsedQuery {
  const fail = (parameter: string, message: string): ParsedQuery => ({
    ok: false,
    parameter,
    message,
  });
  const addedAfter = params.get('added_after');
  if (addedAfter !== null && !isTimestamp(addedAfter)) {
    return fail(
      'added_after',
      `must be a timestamp like 2026-09-01T00:00:00.000Z (got ${JSON.stringify(addedAfter.slice(0, 60))})`,
    );
  }
  const rawLimit = params.get('limit');
  if (rawLimit !== null && !(/^\d{1,9}$/.test(rawLimit) && Number(rawLimit) >= 1)) {
    return fail(
      'limit',
      `must be a whole number from 1 (got ${JSON.stringify(rawLimit.slice(0, 60))})`,
    );
  }
  const next = params.get('next');
  const binding = toQueryBinding(scope, params);
  let after: ObjectsQuery['after'] = null;
  if (next !== null) {
    const decoded = decodeNextToken(next, binding);
    if (!decoded.ok) return fail('next', NEXT_TOKEN_MESSAGES[decoded.reason]);
    after = decoded.cursor;
  }
  const versions = list(params.get('match[version]')) ?? ['last'];
  const badVersion = versions.find((v) => !['first', 'last', 'all'].includes(v) && !isTimestamp(v));
  if (badVersion !== undefined) {
    return fail(
      'match[version]',
      `must be first, last, all or timestamps (got ${JSON.stringify(badVersion.slice(0, 60))})`,
    );
  }
  return {
    ok: true,
    query: {
      addedAfter: addedAfter === null ? null : toIso(addedAfter),
      limit: Math.min(MAX_LIMIT, rawLimit === null ? DEFAULT_LIMIT : Number(rawLimit)),
      after,
      types: list(params.get('match[type]')),
      ids: list(params.get('match[id]')),
      versions: versions.map((v) => (isTimestamp(v) ? toIso(v) : v)),
      specVersions: list(params.get('match[spec_version]')),
      binding,
    },
  };
}

export interface ObjectsPage {
  entries: CollectionEntry[];
  more: boolean;
  next: string | null;
}

function matches(entry: CollectionEntry, q: ObjectsQuery): boolean {
  const { object, dateAdded } = entry;
  if (q.addedAfter !== null && !(dateAdded > q.addedAfter)) return false;
  if (q.types && !q.types.includes(object.type)) return false;
  if (q.ids && !q.ids.includes(object.id)) return false;
  if (q.specVersions && !q.specVersions.includes(object.spec_version)) return false;
  // One version of each object is kept: first, last and all name it; a timestamp must be it.
  const timestamps = q.versions.filter(isTimestamp);
  if (timestamps.length === q.versions.length && !timestamps.includes(object.modified))
    return false;
  return true;
}

export function pageObjects(entries: readonly CollectionEntry[], q: ObjectsQuery): ObjectsPage {
  let start = 0;
  if (q.after) {
    const cursor = { object: { id: q.after.id } as StixObject, dateAdded: q.after.dateAdded };
    // Binary search for the first entry after the cursor.
    let hi = entries.length;
    while (start < hi) {
      const mid = (start + hi) >> 1;
      if (compareEntries(entries[mid]!, cursor) <= 0) start = mid + 1;
      else hi = mid;
    }
  }
  const page: CollectionEntry[] = [];
  let more = false;
  for (let i = start; i < entries.length; i++) {
    const entry = entries[i]!;
    if (!matches(entry, q)) continue;
    if (page.length === q.limit) {
      more = true;
      break;
    }
    page.push(entry);
  }
  const last = page.at(-1);
  const next =
    more && last
      ? encodeNextToken(q.binding, { dateAdded: last.dateAdded, id: last.object.id })
      : null;
  return { entries: page, more, next };
}
