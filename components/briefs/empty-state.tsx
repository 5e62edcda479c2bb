'use client';

import type { BriefFilter } from '@/lib/briefs/filter/types';
import { activeFilterChips } from '@/lib/briefs/filter/chips';
import { toListHref } from '@/lib/briefs/filter/edit';
import { ListLink } from '@/components/ui/list-link';
import { toClearAllHref } from '@/components/filters/active-filters';

export function EmptyState({
  filter,
  pageOutOfRange,
}: {
  filter: BriefFilter;
  pageOutOfRange: boolean;
}) {
  const chips = activeFilterChips(filter);
  return (
    <div className="border-line-strong rounded-lg border border-dashed px-4 py-8 text-center">
      {pageOutOfRange ? (
        <>
          <p className="font-medium">There is no page {filter.page} for these filters.</p>
          <p className="mt-2 text-sm">
            <ListLink href={toListHref(filter, { page: 1 })} className="text-accent underline">
              Go to the first page
            </ListLink>
          </p>
        </>
      ) : chips.length === 0 ? (
        <p className="font-medium">No briefs yet. The feed may still be loading.</p>
      ) : (
        <>
          <p className="font-medium">No briefs match these filters.</p>
          <p className="text-fg-muted mt-1 text-sm">Loosen one of them:</p>
          <ul className="mt-3 flex flex-wrap justify-center gap-1.5">
            {chips.map((chip) => (
              <li key={`${chip.facet}:${chip.value}`}>
                <ListLink
                  href={chip.href}
                  className="border-line-strong hover:border-accent hover:text-accent inline-flex items-center gap-1 rounded-full border px-2.5 py-0.5 text-xs"
                >
                  Remove <span className="font-medium">{chip.label}</span>
                </ListLink>
              </li>
            ))}
          </ul>
          <p className="mt-3 text-sm">
            <ListLink
              href={toClearAllHref(filter)}
              className="text-accent font-medium underline underline-offset-2"
            >
              Clear all filters
            </ListLink>
          </p>
        </>
      )}
    </div>
  );
}
