'use client';

import type { BriefFilter } from '@/lib/briefs/filter/types';
import { toListHref } from '@/lib/briefs/filter/edit';
import { ListLink } from '@/components/ui/list-link';

/** 1 … 4 5 [6] 7 8 … 20 */
function pageWindow(current: number, last: number): (number | 'gap')[] {
  const pages = new Set([1, last, current - 2, current - 1, current, current + 1, current + 2]);
  const sorted = [...pages].filter((p) => p >= 1 && p <= last).sort((a, b) => a - b);
  const out: (number | 'gap')[] = [];
  for (const page of sorted) {
    const previous = out.at(-1);
    if (typeof previous === 'number' && page - previous === 2) out.push(previous + 1);
    else if (typeof previous === 'number' && page - previous > 2) out.push('gap');
    out.push(page);
  }
  return out;
}

function scrollToResults() {
  document.getElementById('results')?.scrollIntoView({ block: 'start' });
}

const cell =
  'inline-flex h-8 min-w-8 items-center justify-center rounded-md px-2 text-sm tabular-nums';

export function Pagination({ filter, total }: { filter: BriefFilter; total: number }) {
  const last = Math.max(1, Math.ceil(total / filter.pageSize));
  if (last <= 1 || filter.page > last) return null;
  const current = filter.page;
  const href = (page: number) => toListHref(filter, { page });

  const step = (page: number, label: string, rel: 'prev' | 'next') =>
    page >= 1 && page <= last ? (
      <ListLink
        href={href(page)}
        rel={rel}
        onClick={scrollToResults}
        className={`${cell} border-line hover:border-accent hover:text-accent border`}
      >
        {label}
      </ListLink>
    ) : (
      <span aria-disabled="true" className={`${cell} border-line text-fg-muted border opacity-60`}>
        {label}
      </span>
    );

  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-2">
      {step(current - 1, '← Previous', 'prev')}
      <ul className="flex flex-wrap items-center gap-1">
        {pageWindow(current, last).map((page, i) =>
          page === 'gap' ? (
            <li key={`gap-${i}`} aria-hidden="true" className="text-fg-muted px-1">
              …
            </li>
          ) : (
            <li key={page}>
              {page === filter.page ? (
                <span
                  aria-current="page"
                  className={`${cell} bg-accent text-surface font-semibold`}
                >
                  <span className="sr-only">Page </span>
                  {page}
                </span>
              ) : (
                <ListLink
                  href={href(page)}
                  onClick={scrollToResults}
                  className={`${cell} hover:bg-surface-muted hover:text-accent`}
                >
                  <span className="sr-only">Page </span>
                  {page}
                </ListLink>
              )}
            </li>
          ),
        )}
      </ul>
      {step(current + 1, 'Next →', 'next')}
    </nav>
  );
}
