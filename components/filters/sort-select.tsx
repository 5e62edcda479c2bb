'use client';

import { SORTS, type BriefFilter, type Sort } from '@/lib/briefs/filter/types';
import { withPatch } from '@/lib/briefs/filter/edit';
import { FILTER_FORM_ID } from './form-id';

const SORT_LABEL: Record<Sort, string> = {
  newest: 'Newest first',
  oldest: 'Oldest first',
  severity: 'Severity',
  epss: 'Highest EPSS',
  relevance: 'Relevance',
  updated: 'Recently updated',
};

export function SortSelect({
  filter,
  navigate,
}: {
  filter: BriefFilter;
  navigate: (next: BriefFilter) => void;
}) {
  // The parser's default: relevance when searching, else newest. Choosing it again clears `sort`.
  const fallback: Sort = filter.q ? 'relevance' : 'newest';
  return (
    <div className="flex items-center gap-1.5">
      <label htmlFor="brief-sort" className="text-fg-muted text-sm whitespace-nowrap">
        Sort
      </label>
      <select
        id="brief-sort"
        name="sort"
        form={FILTER_FORM_ID}
        value={filter.sort ?? fallback}
        onChange={(e) => {
          const sort = e.target.value as Sort;
          navigate(withPatch(filter, { sort: sort === fallback ? null : sort }));
        }}
        className="border-line-strong bg-surface h-9 rounded-md border px-2 text-sm"
      >
        {SORTS.map((sort) => (
          <option key={sort} value={sort}>
            {SORT_LABEL[sort]}
          </option>
        ))}
      </select>
    </div>
  );
}
