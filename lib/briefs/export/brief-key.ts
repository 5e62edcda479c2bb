import { slugFrom } from '@/lib/briefs/brief-slug';
import type { IndexedBrief } from '@/lib/briefs/types';

// The key every export derives a brief's id from (STIX report, TAXII, JSON Feed id, RSS guid, Atom
// id). Slugs are unique among served briefs, so the key is made unique by construction: a brief
// whose upstream URL names its slug keeps that URL (the ids platforms already hold stay the
// same); any other (a URL without a usable last segment, `http://host/`, that several items may
// share) is keyed by its slug. Two served briefs never share a URL key: the same URL names the
// same slug.

/** The brief's unique export key: its upstream URL when that URL names its slug, else `slug:<slug>`. */
export function exportKeyOf(brief: Pick<IndexedBrief, 'slug' | 'url'>): string {
  return brief.url !== null && slugFrom(brief.url) === brief.slug
    ? brief.url
    : `slug:${brief.slug}`;
}

/** The brief's upstream URL when it is its own (names its slug), for ids that must be URLs/IRIs. */
export function ownUrlOf(brief: Pick<IndexedBrief, 'slug' | 'url'>): string | null {
  return brief.url !== null && slugFrom(brief.url) === brief.slug ? brief.url : null;
}

export interface SharedUrls {
  /** Briefs whose upstream URL another served brief also gives (both are served). */
  count: number;
  /** The slugs of the first few, for /api/status. */
  slugs: string[];
}

const NAMED = 20;
const sharedUrlsOf = new WeakMap<readonly IndexedBrief[], SharedUrls>();

/** The collision check of the served briefs (once per served array): which share an upstream URL. */
export function findSharedUrls(briefs: readonly IndexedBrief[]): SharedUrls {
  let known = sharedUrlsOf.get(briefs);
  if (!known) {
    const byUrl = new Map<string, string[]>();
    for (const brief of briefs) {
      if (brief.url === null) continue;
      const slugs = byUrl.get(brief.url);
      if (slugs) slugs.push(brief.slug);
      else byUrl.set(brief.url, [brief.slug]);
    }
    const shared = [...byUrl.values()].filter((slugs) => slugs.length > 1).flat();
    known = { count: shared.length, slugs: shared.slice(0, NAMED) };
    sharedUrlsOf.set(briefs, known);
  }
  return known;
}
