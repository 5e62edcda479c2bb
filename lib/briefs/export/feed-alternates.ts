import type { Metadata } from 'next';
import { parsePageFilter, type FilteredPage } from '@/lib/briefs/filter/page-filter';
import type { SearchParamsInput } from '@/lib/briefs/filter/url';
import { describeFilter } from '@/lib/briefs/select';
import { FEEDS, toExportHref } from './feed-links';

/** `alternates` metadata for a filtered page: its view as JSON Feed, RSS and Atom. */
export function feedAlternates(
  page: FilteredPage,
  params: SearchParamsInput,
): Metadata['alternates'] {
  const parsed = parsePageFilter(page, params);
  if (!parsed.ok) return undefined;
  const title = `CraftedSignal briefs: ${describeFilter(parsed.filter)}`;
  return {
    types: Object.fromEntries(
      FEEDS.map((feed) => [
        feed.type,
        [{ url: toExportHref(parsed.filter, feed.path), title: `${title} (${feed.label})` }],
      ]),
    ),
  };
}
