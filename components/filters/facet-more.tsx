'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { FacetCount, FacetName } from '@/lib/briefs/filter/types';
import { facetValuesQuery } from '@/lib/queries/briefs';

/**
 * "Show more" under a facet the list cut to its top values: opening it asks /api/facets for the
 * facet's most frequent values under the same filter and lists those not shown yet. Rendered
 * only once the page runs; without JavaScript the whole-facet page is the way to the rest.
 */
export function FacetMore({
  facet,
  listQuery,
  shown,
  limit,
  renderItem,
}: {
  facet: FacetName;
  /** The list's filter as a query string (page 1). */
  listQuery: string;
  /** The values on screen already. */
  shown: FacetCount[];
  limit: number;
  renderItem: (item: FacetCount) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const more = useQuery({
    ...facetValuesQuery(facet, listQuery, '', limit),
    enabled: open,
    // Ticking a value here changes the filter: keep the list on screen while it reloads.
    placeholderData: keepPreviousData,
  });
  const onScreen = new Set(shown.map((item) => item.value));
  const rest = (more.data?.values ?? []).filter((item) => !onScreen.has(item.value));
  return (
    <details className="group mt-0.5" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="text-accent cursor-pointer py-1 text-xs font-medium select-none">
        <span className="group-open:hidden">Show more</span>
        <span className="hidden group-open:inline">Show fewer</span>
      </summary>
      {more.isPending && open && <p className="text-fg-muted py-1 text-xs">Loading…</p>}
      {more.isError && (
        <p role="alert" className="py-1 text-xs text-red-700 dark:text-red-300">
          Could not load more values.
        </p>
      )}
      {rest.length > 0 && <ul className="space-y-px">{rest.map(renderItem)}</ul>}
    </details>
  );
}
