import Link from 'next/link';
import type { BriefFilter } from '@/lib/briefs/filter-types';
import { activeFilterChips, emptyFilter, toListHref } from '@/lib/briefs/parse-filter';

// The active filters of a whole-view page (matrix, trends) as removable chips that stay on that
// page, plus the way to the list of the same briefs. Same look and roles as the list's chips
// (components/filters/active-filters.tsx, which always links to the list); plain links, no JS.

export function ViewFilters({ filter, pathname }: { filter: BriefFilter; pathname: string }) {
  const chips = activeFilterChips(filter, pathname);
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2 text-sm">
      {chips.length === 0 ? (
        <span className="text-fg-muted">All briefs, no filter.</span>
      ) : (
        <div
          className="flex flex-wrap items-center gap-1.5"
          role="group"
          aria-label="Active filters"
        >
          <ul className="contents">
            {chips.map((chip) => (
              <li key={`${chip.facet}:${chip.value}`}>
                <Link
                  href={chip.href}
                  prefetch={false}
                  aria-label={`Remove filter ${chip.label}`}
                  className="border-accent/40 bg-accent-soft text-fg hover:border-accent inline-flex max-w-[22rem] items-center gap-1 rounded-full border py-0.5 pr-1.5 pl-2.5 text-xs font-medium"
                >
                  <span className="truncate">{chip.label}</span>
                  <span aria-hidden="true" className="text-fg-muted text-sm leading-none">
                    ×
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          <Link
            href={toListHref(emptyFilter(), { sort: filter.sort }, pathname)}
            prefetch={false}
            className="text-accent px-1 text-xs font-medium underline-offset-2 hover:underline"
          >
            Clear all
          </Link>
        </div>
      )}
      <Link
        href={toListHref(filter)}
        prefetch={false}
        className="text-accent text-xs font-medium underline-offset-2 hover:underline"
      >
        Show these briefs in the list
      </Link>
    </div>
  );
}
