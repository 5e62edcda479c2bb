import type { BriefSource } from '@/lib/briefs/select';
import type { BriefIndex } from '@/lib/briefs/search/brief-index';
import { queryBriefs } from '@/lib/briefs/search/query';

/** A bare index as a selection's source, as the feed store is one in the app. */
export function toIndexSource(index: BriefIndex): BriefSource {
  return {
    queryBriefs: (filter) => queryBriefs(index, filter),
    getIndexedBrief: (slug) => index.getBySlug(slug),
  };
}
