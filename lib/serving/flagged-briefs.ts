import 'server-only';
import type { IndexedBrief } from '@/lib/briefs/types';

// The briefs /api/status names as flagged (no title of their own, a date out of range), counted
// once per served version: the status is asked for by every page and every health check, and a
// scan of 10,000 briefs cost the list page about 3 ms a render. The served briefs array is
// swapped whole when the data changes, so it identifies the version (as in dataVersionOf).

/** Slugs or names the status lists per flag or record check; the count is always whole. */
export const NAMED_SLUGS = 20;

export interface Flagged {
  count: number;
  slugs: string[];
}

export interface FlaggedBriefs {
  untitled: Flagged;
  datesOutOfRange: Flagged;
}

const flaggedOf = new WeakMap<readonly IndexedBrief[], FlaggedBriefs>();

export function flaggedBriefs(briefs: readonly IndexedBrief[]): FlaggedBriefs {
  let flagged = flaggedOf.get(briefs);
  if (!flagged) {
    const untitled: string[] = [];
    const outOfRange: string[] = [];
    for (const brief of briefs) {
      if (brief.untitled) untitled.push(brief.slug);
      if (brief.dateOutOfRange) outOfRange.push(brief.slug);
    }
    const named = (slugs: string[]) => ({
      count: slugs.length,
      slugs: slugs.slice(0, NAMED_SLUGS),
    });
    flagged = { untitled: named(untitled), datesOutOfRange: named(outOfRange) };
    flaggedOf.set(briefs, flagged);
  }
  return flagged;
}
