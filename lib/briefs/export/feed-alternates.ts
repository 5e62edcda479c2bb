import type { Metadata } from 'next';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { describeFilter } from '@/lib/briefs/select';
import { FEEDS, toExportHref } from './feed-links';

/** `alternates` metadata for a filtered page: its view as JSON Feed, RSS and Atom. */
export function feedAlternates(filter: BriefFilter): Metadata['alternates'] {
  const title = `CraftedSignal briefs: ${describeFilter(filter)}`;
  return {
    types: Object.fromEntries(
      FEEDS.map((feed) => [
        feed.type,
        [{ url: toExportHref(filter, feed.path), title: `${title} (${feed.label})` }],
      ]),
    ),
  };
}
