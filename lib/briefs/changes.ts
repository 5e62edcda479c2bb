import { z } from 'zod';
import { BRIEF_TYPES, SEVERITIES, type BriefChangeMark, type Severity } from './types';

// What changed in a brief between two versions: each version's facts as a compact record (kept
// by the brief store, lib/serving/brief-history.ts), and the differences between two records as
// structured changes with a sentence each. Pure: the brief page, the API and the feeds share it.

/**
 * The list facts a version keeps, with their words. One line here adds a list (indicators, when
 * the data has them): records written before it lack the key and read as an empty list.
 */
export const LIST_FACTS = {
  vendors: ['vendor', 'vendors'],
  products: ['product', 'products'],
  actors: ['actor', 'actors'],
  cves: ['CVE', 'CVEs'],
  techniques: ['technique', 'techniques'],
  tags: ['tag', 'tags'],
} as const satisfies Record<string, readonly [string, string]>;

/** Section names as the change sentences say them; `other:<id>` sections by their heading. */
export const SECTION_WORDS: Record<string, string> = {
  overview: 'overview',
  attackChain: 'attack chain',
  impact: 'impact',
  recommendations: 'recommendations',
};

export const MAX_VERSIONS = 10;
const MAX_LIST = 500;
const MAX_VALUE = 300;
const MAX_SECTIONS = 64;

const listSchema = z.array(z.string().max(MAX_VALUE)).max(MAX_LIST);

/** A version's facts. Unknown keys are kept (a newer writer may add some). */
export const briefFactsSchema = z
  .object({
    modified: z.string().max(40).nullable(),
    severity: z.enum(SEVERITIES).nullable(),
    type: z.enum(BRIEF_TYPES).nullable(),
    exploited: z.boolean().nullable(),
    hasPoc: z.boolean(),
    lists: z.record(z.string().max(40), listSchema),
    /** Section name -> a short hash of its content (the text is not kept). */
    sections: z
      .record(z.string().max(200), z.string().max(64))
      .refine((s) => Object.keys(s).length <= MAX_SECTIONS, { message: 'too many sections' }),
    /** Headings of `other:<id>` sections, for the sentences. */
    headings: z.record(z.string().max(200), z.string().max(200)).optional(),
  })
  .passthrough();
export type BriefFacts = z.infer<typeof briefFactsSchema>;

const isoSchema = z.iso.datetime({ offset: true });

/** A brief's history as the store keeps it: the version served now and up to 10 before it. */
export const briefHistorySchema = z.object({
  format: z.literal('brief-history/1'),
  slug: z.string().min(1).max(300),
  /** The version served now: its key in the brief store, and when it was first served. */
  current: z.object({ key: z.string().max(200), since: isoSchema, facts: briefFactsSchema }),
  /** Earlier versions, newest first; `until` is when the next one replaced it. */
  previous: z
    .array(z.object({ key: z.string().max(200), until: isoSchema, facts: briefFactsSchema }))
    .max(MAX_VERSIONS),
});
export type BriefHistory = z.infer<typeof briefHistorySchema>;

export type BriefChange =
  | { kind: 'severity'; from: Severity | null; to: Severity | null; text: string }
  | { kind: 'type'; from: string | null; to: string | null; text: string }
  | { kind: 'exploited'; from: boolean | null; to: boolean | null; text: string }
  | { kind: 'poc'; from: boolean; to: boolean; text: string }
  | { kind: 'list'; list: string; added: string[]; removed: string[]; text: string }
  | { kind: 'section'; section: string; change: 'added' | 'removed' | 'changed'; text: string };

/** What the API's `changes` carries: each step from one version to the next, newest first. */
export interface BriefChanges {
  /** When the current version was first served here. */
  changedAt: string;
  /** The publisher's date_modified when it moved with the change, else changedAt. */
  updated: string;
  versions: { at: string; modified: string | null; changes: BriefChange[] }[];
}

const rank = (s: Severity | null) => (s ? SEVERITIES.indexOf(s) : SEVERITIES.length);

function describeFlag(to: boolean | null, yes: string, no: string, unknown: string): string {
  return to === true ? yes : to === false ? no : unknown;
}

function listChange(list: string, before: string[], after: string[]): BriefChange | null {
  const had = new Set(before);
  const has = new Set(after);
  const added = after.filter((v) => !had.has(v));
  const removed = before.filter((v) => !has.has(v));
  if (added.length === 0 && removed.length === 0) return null;
  const [one, many] = (LIST_FACTS as Record<string, readonly [string, string]>)[list] ?? [
    list.replace(/s$/, ''),
    list,
  ];
  const a = /^[aeiou]/i.test(one) ? 'an' : 'a';
  const part = (values: string[], verb: string) =>
    values.length === 0
      ? null
      : `${values.length === 1 ? `${a} ${one}` : `${values.length} ${many}`} ${verb}: ${values.join(', ')}`;
  const text = [part(added, 'added'), part(removed, 'removed')].filter(Boolean).join('; ');
  return { kind: 'list', list, added, removed, text };
}

/** The changes from `before` to `after`, in a fixed order (severity first, sections last). */
export function diffFacts(before: BriefFacts, after: BriefFacts): BriefChange[] {
  const changes: BriefChange[] = [];
  if (before.severity !== after.severity) {
    const [from, to] = [before.severity, after.severity];
    const verb = !from || !to ? 'changed' : rank(to) < rank(from) ? 'raised' : 'lowered';
    changes.push({
      kind: 'severity',
      from,
      to,
      text: `severity ${verb} from ${from ?? 'none'} to ${to ?? 'none'}`,
    });
  }
  if (before.type !== after.type)
    changes.push({
      kind: 'type',
      from: before.type,
      to: after.type,
      text: `type changed from ${before.type ?? 'none'} to ${after.type ?? 'none'}`,
    });
  if (before.exploited !== after.exploited)
    changes.push({
      kind: 'exploited',
      from: before.exploited,
      to: after.exploited,
      text: describeFlag(
        after.exploited,
        'exploitation now seen',
        'no longer marked as exploited',
        'exploitation status now unknown',
      ),
    });
  if (before.hasPoc !== after.hasPoc)
    changes.push({
      kind: 'poc',
      from: before.hasPoc,
      to: after.hasPoc,
      text: after.hasPoc ? 'a public proof of concept now listed' : 'no public proof of concept',
    });
  const lists = new Set([...Object.keys(before.lists), ...Object.keys(after.lists)]);
  const ordered = [
    ...Object.keys(LIST_FACTS).filter((l) => lists.has(l)),
    ...[...lists].filter((l) => !(l in LIST_FACTS)).sort(),
  ];
  for (const list of ordered) {
    const change = listChange(list, before.lists[list] ?? [], after.lists[list] ?? []);
    if (change) changes.push(change);
  }
  const sections = new Set([...Object.keys(before.sections), ...Object.keys(after.sections)]);
  for (const section of sections) {
    const [was, is] = [before.sections[section], after.sections[section]];
    if (was === is) continue;
    const change = was === undefined ? 'added' : is === undefined ? 'removed' : 'changed';
    const heading =
      SECTION_WORDS[section] ??
      after.headings?.[section] ??
      before.headings?.[section] ??
      section.replace(/^other:/, '');
    changes.push({ kind: 'section', section, change, text: `${heading} ${change}` });
  }
  return changes;
}

/** Whether a new version is worth a record: a fact, a section or date_modified moved. */
export function isNewVersion(before: BriefFacts, after: BriefFacts): boolean {
  return before.modified !== after.modified || diffFacts(before, after).length > 0;
}

/** The steps of `history`, newest first (the current version against the one before, ...). */
export function toBriefChanges(history: BriefHistory): BriefChanges | null {
  const newest = history.previous[0];
  if (!newest) return null;
  const versions: BriefChanges['versions'] = [];
  let after = history.current.facts;
  for (const version of history.previous) {
    versions.push({
      at: version.until,
      modified: after.modified,
      changes: diffFacts(version.facts, after),
    });
    after = version.facts;
  }
  return { changedAt: history.current.since, updated: updatedOf(history), versions };
}

function updatedOf(history: BriefHistory): string {
  const { current, previous } = history;
  const moved = current.facts.modified !== previous[0]?.facts.modified;
  const modified = current.facts.modified;
  return moved && modified && !Number.isNaN(Date.parse(modified))
    ? new Date(modified).toISOString()
    : current.since;
}

/** The compact mark a listed brief carries: when, and the latest step's sentences. */
export function toChangeMark(history: BriefHistory): BriefChangeMark | null {
  const changes = toBriefChanges(history);
  if (!changes) return null;
  const latest = changes.versions[0]?.changes ?? [];
  return { at: changes.changedAt, updated: changes.updated, what: latest.map((c) => c.text) };
}

/** One line for a feed item: "Updated 2026-12-01: severity raised from high to critical; ...". */
export function describeChangeMark(mark: BriefChangeMark): string {
  const what = mark.what.length > 0 ? mark.what.join('; ') : 'the publisher revised it';
  return `Updated ${mark.updated.slice(0, 10)}: ${what}.`;
}
