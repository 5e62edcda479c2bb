'use client';

import type { BriefFilter } from '@/lib/briefs/filter/types';
import { activeFilterChips } from '@/lib/briefs/filter/chips';
import { toListHref } from '@/lib/briefs/filter/edit';
import { emptyFilter } from '@/lib/briefs/filter/url';
import { ListLink } from '@/components/ui/list-link';
import { FilterChips } from './filter-chips';

/** The list without any constraint, keeping how it is sorted and paged. */
export function toClearAllHref(filter: BriefFilter): string {
  return toListHref(emptyFilter(), { sort: filter.sort, pageSize: filter.pageSize });
}

/** The list's active filters; its links change the URL in place (the client re-queries). */
export function ActiveFilters({ filter }: { filter: BriefFilter }) {
  const chips = activeFilterChips(filter);
  if (chips.length === 0) return null;
  return <FilterChips chips={chips} clearHref={toClearAllHref(filter)} as={ListLink} />;
}
