'use client';

import type { BriefFilter } from '@/lib/briefs/filter-types';
import { activeFilterChips, emptyFilter, toListHref } from '@/lib/briefs/parse-filter';
import { ListLink } from '@/components/ui/list-link';

/** The list without any constraint, keeping how it is sorted and paged. */
export function toClearAllHref(filter: BriefFilter): string {
  return toListHref(emptyFilter(), { sort: filter.sort, pageSize: filter.pageSize });
}

export function ActiveFilters({ filter }: { filter: BriefFilter }) {
  const chips = activeFilterChips(filter);
  if (chips.length === 0) return null;
  return (
    <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Active filters">
      <ul className="contents">
        {chips.map((chip) => (
          <li key={`${chip.facet}:${chip.value}`}>
            <ListLink
              href={chip.href}
              aria-label={`Remove filter ${chip.label}`}
              className="border-accent/40 bg-accent-soft text-fg hover:border-accent inline-flex max-w-[22rem] items-center gap-1 rounded-full border py-0.5 pr-1.5 pl-2.5 text-xs font-medium"
            >
              <span className="truncate">{chip.label}</span>
              <span aria-hidden="true" className="text-fg-muted text-sm leading-none">
                ×
              </span>
            </ListLink>
          </li>
        ))}
      </ul>
      <ListLink
        href={toClearAllHref(filter)}
        className="text-accent px-1 text-xs font-medium underline-offset-2 hover:underline"
      >
        Clear all
      </ListLink>
    </div>
  );
}
