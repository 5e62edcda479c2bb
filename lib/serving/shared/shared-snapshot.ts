import 'server-only';
import type { Brief, IndexedBrief } from '@/lib/briefs/types';
import type { Validators } from '@/lib/feed/http-client';
import type { BriefStore } from '../brief-store';
import { toStoredPages, type PageRecord } from '../stored-pages';
import { toSharedBrief } from './shared-history';

// A shared snapshot: the feed as one instance publishes it in Redis for the others (a signed
// head, then the briefs in signed parts: signed-snapshot.ts, snapshot-parts.ts).

/** What a shared snapshot says besides its briefs: each page lists its briefs by slug. */
export interface SnapshotHead {
  feedUrl: string;
  fetchedAt: string;
  savedAt: string;
  pages: {
    url: string;
    validators: Validators;
    nextUrl: string | null;
    /** A brief's slug (and its key in the brief store, so an adopter shares it), or a skip. */
    entries: ({ slug: string; key?: string } | { skip: string; name?: string })[];
  }[];
  stix: { fetchedAt: string | null; reports: number; sha1: string | null };
}

/** The feed for other instances: the head, and the briefs one at a time as they are asked for. */
export interface SharedSnapshotSource {
  head: SnapshotHead;
  briefs: Iterable<Brief>;
}

/**
 * The whole feed for another instance, each body read back from the brief store only when the
 * publisher asks for that brief: the whole snapshot is never on the heap.
 */
export function toSharedSnapshot(input: {
  feedUrl: string;
  fetchedAt: string;
  pages: readonly PageRecord[];
  briefs: readonly IndexedBrief[];
  store: BriefStore;
  stix: SnapshotHead['stix'];
}): SharedSnapshotSource {
  const keys = new Map(
    input.pages.flatMap((p) =>
      p.entries.flatMap((e) => ('key' in e ? [[e.brief.slug, e.key]] : [])),
    ),
  );
  const { store } = input;
  const head: SnapshotHead = {
    feedUrl: input.feedUrl,
    fetchedAt: input.fetchedAt,
    savedAt: new Date().toISOString(),
    pages: toStoredPages(input.pages),
    stix: input.stix,
  };
  return {
    head,
    briefs: {
      *[Symbol.iterator]() {
        for (const listed of input.briefs) {
          const key = keys.get(listed.slug)!;
          const body = store.getBody(key);
          // Dropped since it was served (a later save): never share a brief without its body.
          if (!body) throw new Error(`the brief store has no body for ${listed.slug}`);
          yield toSharedBrief(store, { ...listed, ...body, text: store.getText(key) }, key);
        }
      },
    },
  };
}
