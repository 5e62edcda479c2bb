import Link from 'next/link';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { activeFilterChips } from '@/lib/briefs/filter/chips';
import { toListHref } from '@/lib/briefs/filter/edit';
import { emptyFilter } from '@/lib/briefs/filter/url';
import { FilterChips } from '@/components/filters/filter-chips';

// The active filters of a whole-view page (matrix, trends) as removable chips that stay on that
// page, plus the way to the list of the same briefs. Plain links, so it works without JS.

export function ViewFilters({ filter, pathname }: { filter: BriefFilter; pathname: string }) {
  const chips = activeFilterChips(filter, pathname);
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2 text-sm">
      {chips.length === 0 ? (
        <span className="text-fg-muted">All briefs, no filter.</span>
      ) : (
        <FilterChips
          chips={chips}
          clearHref={toListHref(emptyFilter(), { sort: filter.sort }, pathname)}
        />
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
