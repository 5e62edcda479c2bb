'use client';

import { IndicatorMatchNote } from './indicator-match-note';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { emptyFacetLists, type BriefFilter, type FacetCount } from '@/lib/briefs/filter/types';
import { useBriefFilter } from '@/components/filters/brief-filter-context';
import { ApiError, briefListQuery } from '@/lib/queries/briefs';
import { ActiveFilters } from '@/components/filters/active-filters';
import { FilterPanel } from '@/components/filters/filter-panel';
import { SearchBox } from '@/components/filters/search-box';
import { SortSelect } from '@/components/filters/sort-select';
import { useListNavigation } from '@/components/filters/use-list-navigation';
import { formatNumber } from '@/components/ui/numbers';
import { BriefRow } from './brief-row';
import { EmptyState } from './empty-state';
import { FilterErrorPanel } from '@/components/filters/filter-error';
import { KeyboardShortcuts } from './keyboard-shortcuts';
import { Pagination } from './pagination';
import { DigestCopyButton } from '@/components/workflow/digest-copy-button';
import { HideReadToggle } from '@/components/workflow/hide-read-toggle';
import { NewBriefsPill } from '@/components/workflow/new-briefs-pill';
import { WatchlistPanel } from '@/components/workflow/watchlist-panel';
import { useHideRead, useReadSlugs } from '@/components/workflow/use-workflow';
import { toExcludeParam } from '@/lib/workflow/read-exclusion';

/**
 * The list view. Server-rendered from the hydrated query, then driven by the URL: filter changes
 * push a new URL, useBriefFilter follows, and the query for the new key runs while the previous
 * page stays on screen.
 */
export function BriefBrowser({ now, pollSeconds }: { now: string; pollSeconds: number }) {
  const filter = useBriefFilter();
  return (
    <>
      <div className="mt-4 flex items-center justify-between gap-3">
        <h1 className="text-xl font-semibold tracking-tight">Threat briefs</h1>
        <KeyboardShortcuts />
      </div>
      <WatchlistPanel filter={filter} pollSeconds={pollSeconds} />
      <BriefResults filter={filter} now={now} pollSeconds={pollSeconds} />
    </>
  );
}

function BriefResults({
  filter,
  now,
  pollSeconds,
}: {
  filter: BriefFilter;
  now: string;
  pollSeconds: number;
}) {
  const [hideRead] = useHideRead();
  const [read] = useReadSlugs();
  // "Hide read" is a filter of the list: the API leaves the read briefs out of the count and pages.
  const exclude = useMemo(() => (hideRead ? toExcludeParam(read) : ''), [hideRead, read]);
  const { data, error, isPlaceholderData, refetch } = useQuery({
    ...briefListQuery(filter, exclude),
    placeholderData: keepPreviousData,
  });
  const { view, navigate } = useListNavigation(filter);

  if (error instanceof ApiError && error.detail) return <FilterErrorPanel error={error.detail} />;

  const lastPage = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <div className="mt-3 lg:grid lg:grid-cols-[15rem_minmax(0,1fr)] lg:items-start lg:gap-6">
      <FilterPanel
        filter={view}
        facets={data?.facets ?? EMPTY_FACETS}
        totals={data?.facetTotals ?? {}}
        navigate={navigate}
      />
      <section id="results" aria-labelledby="results-heading" className="mt-3 min-w-0 lg:mt-0">
        <h2 id="results-heading" className="sr-only">
          Results
        </h2>
        <div className="flex flex-wrap items-center gap-2">
          <SearchBox filter={filter} />
          <SortSelect filter={view} navigate={navigate} />
        </div>
        <div className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-2">
          <p role="status" className="text-sm whitespace-nowrap" data-testid="result-count">
            {data ? (
              <>
                <strong className="font-semibold tabular-nums">{formatNumber(data.total)}</strong>{' '}
                {data.total === 1 ? 'brief' : 'briefs'}
                {lastPage > 1 && (
                  <span className="text-fg-muted">
                    {' '}
                    · page {formatNumber(filter.page)} of {formatNumber(lastPage)}
                  </span>
                )}
              </>
            ) : (
              'Loading briefs…'
            )}
          </p>
          <ActiveFilters filter={filter} />
          {data?.indicatorMatch && <IndicatorMatchNote match={data.indicatorMatch} />}
          <NewBriefsPill filter={filter} pollSeconds={pollSeconds} />
        </div>
        <div className="mt-2 flex flex-wrap items-start gap-x-3 gap-y-2">
          <HideReadToggle />
          {data && <DigestCopyButton filter={filter} total={data.total} items={data.items} />}
        </div>
        {error && (
          <div
            role="alert"
            className="mt-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm dark:border-red-900 dark:bg-red-950/40"
          >
            Could not load briefs: {error.message}.{' '}
            <button
              type="button"
              onClick={() => void refetch()}
              className="text-accent font-medium underline"
            >
              Try again
            </button>
          </div>
        )}
        <div
          aria-busy={isPlaceholderData}
          className={`mt-2 transition-opacity ${isPlaceholderData ? 'opacity-50' : ''}`}
        >
          {data && data.items.length > 0 && (
            <ol className="brief-list border-line border-t" aria-label="Briefs">
              {data.items.map((brief) => (
                <BriefRow key={brief.slug} brief={brief} filter={filter} now={now} />
              ))}
            </ol>
          )}
          {data && data.items.length === 0 && !isPlaceholderData && (
            <EmptyState filter={filter} pageOutOfRange={data.total > 0} />
          )}
          {data && <Pagination filter={filter} total={data.total} />}
        </div>
      </section>
    </div>
  );
}

const EMPTY_FACETS = emptyFacetLists<FacetCount>();
