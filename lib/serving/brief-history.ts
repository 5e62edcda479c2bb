import 'server-only';
import { createHash } from 'node:crypto';
import {
  isNewVersion,
  LIST_FACTS,
  MAX_VERSIONS,
  toChangeMark,
  type BriefFacts,
  type BriefHistory,
} from '@/lib/briefs/changes';
import type { BriefBody, BriefChangeMark, IndexedBrief } from '@/lib/briefs/types';
import type { BriefStore } from './brief-store';

// What changed in a brief between refreshes. A refresh that finds a brief under a new store key
// (its item's JSON changed) compares the facts of the version it served with the new one's; when
// a fact, a section or date_modified moved, the old version's facts go into the brief's history
// in the brief store (slug -> current version + up to MAX_VERSIONS before it). The store is the
// snapshot a restart serves, and the shared snapshot's parts carry each brief's history, so a
// restart and an adopting instance show the same changes without normalising anything again.

const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 16);

/** A version's compact record: list facts as they are, each section as a hash of its HTML. */
export function factsOf(brief: IndexedBrief, body: BriefBody): BriefFacts {
  const { sections } = body;
  const hashes: Record<string, string> = {};
  const headings: Record<string, string> = {};
  if (sections.overview !== null) hashes.overview = hash(sections.overview);
  if (sections.attackChain.length > 0)
    hashes.attackChain = hash(sections.attackChain.map((i) => i.html).join('\n'));
  if (sections.impact !== null) hashes.impact = hash(sections.impact);
  if (sections.recommendations.length > 0)
    hashes.recommendations = hash(sections.recommendations.map((i) => i.html).join('\n'));
  for (const other of sections.other.slice(0, 32)) {
    const name = `other:${other.id.slice(0, 100)}`;
    hashes[name] = hash(other.html);
    headings[name] = other.heading.slice(0, 200);
  }
  const lists: Record<keyof typeof LIST_FACTS, string[]> = {
    vendors: brief.vendors,
    products: brief.products,
    actors: brief.actors,
    cves: brief.cves.map((c) => c.id),
    techniques: brief.techniques.map((t) => t.id),
    tags: brief.tags,
  };
  return {
    modified: brief.modified,
    severity: brief.severity,
    type: brief.type,
    exploited: brief.exploited,
    hasPoc: brief.hasPoc,
    lists: Object.fromEntries(
      Object.entries(lists).map(([name, values]) => [
        name,
        [...new Set(values.map((v) => v.slice(0, 300)))].slice(0, 500),
      ]),
    ),
    sections: hashes,
    ...(Object.keys(headings).length > 0 && { headings }),
  };
}

function factsAt(store: BriefStore, key: string): BriefFacts | null {
  const listed = store.getIndexed(key);
  const body = store.getBody(key);
  return listed && body ? factsOf(listed, body) : null;
}

/**
 * Records, for each brief served before under another key, the version it replaces when it is a
 * new version. Both versions' records must be in the store (the old ones are deleted by the
 * next save, after this): call after the refresh's records are flushed, before it saves.
 */
export async function recordBriefChanges(
  store: BriefStore,
  before: Iterable<{ slug: string; key: string }>,
  after: Iterable<{ slug: string; key: string }>,
  at: string,
): Promise<number> {
  const previousKeys = new Map<string, string>();
  for (const { slug, key } of before) if (!previousKeys.has(slug)) previousKeys.set(slug, key);
  let recorded = 0;
  const seen = new Set<string>();
  for (const { slug, key } of after) {
    if (seen.has(slug)) continue;
    seen.add(slug);
    const oldKey = previousKeys.get(slug);
    if (oldKey === undefined || oldKey === key) continue;
    const [was, is] = [factsAt(store, oldKey), factsAt(store, key)];
    if (!was || !is || !isNewVersion(was, is)) continue;
    const history = store.getHistory(slug);
    store.putHistory({
      format: 'brief-history/1',
      slug,
      current: { key, since: at, facts: is },
      previous: [{ key: oldKey, until: at, facts: was }, ...(history?.previous ?? [])].slice(
        0,
        MAX_VERSIONS,
      ),
    });
    recorded++;
  }
  await store.flush();
  return recorded;
}

/** The change marks of the served briefs: a history applies only to the version it was kept for. */
export function changeMarksOf(
  store: BriefStore,
  served: Iterable<{ slug: string; key: string }>,
): Map<string, BriefChangeMark> {
  const histories = store.readHistories();
  const marks = new Map<string, BriefChangeMark>();
  if (histories.size === 0) return marks;
  for (const { slug, key } of served) {
    const history = histories.get(slug);
    if (history?.current.key !== key) continue;
    const mark = toChangeMark(history);
    if (mark) marks.set(slug, mark);
  }
  return marks;
}

/** A served brief's history, when it is of the version served. */
export function historyOf(
  store: BriefStore,
  slug: string,
  key: string | undefined,
): BriefHistory | undefined {
  const history = key === undefined ? undefined : store.getHistory(slug);
  return history?.current.key === key ? history : undefined;
}

/** The briefs of crawled pages by slug and store key. */
export function* briefKeysOf(
  pages: readonly { entries: readonly ({ brief: { slug: string }; key: string } | object)[] }[],
): Iterable<{ slug: string; key: string }> {
  for (const page of pages)
    for (const entry of page.entries)
      if ('key' in entry && 'brief' in entry) yield { slug: entry.brief.slug, key: entry.key };
}
