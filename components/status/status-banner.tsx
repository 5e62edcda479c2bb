'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { feedStatusQuery } from '@/lib/queries/briefs';
import { formatDateTime } from '@/components/ui/dates';
import { formatNumber } from '@/components/ui/numbers';

/** The whole-crawl caps (lib/config.ts), as the banner names them. */
const BUDGET_NAMES = { pages: 'page', bytes: 'byte', items: 'item', time: 'time' } as const;

/**
 * Where the data comes from and how fresh it is. Polls /api/status while a crawl runs (the query's
 * refetchInterval), and reloads the list once it finishes.
 */
export function StatusBanner() {
  const queryClient = useQueryClient();
  const { data: status } = useQuery(feedStatusQuery());
  const refreshing = status?.refreshing ?? false;

  const wasRefreshing = useRef(Boolean(refreshing));
  useEffect(() => {
    if (wasRefreshing.current && !refreshing)
      void queryClient.invalidateQueries({ queryKey: ['briefs'] });
    wasRefreshing.current = Boolean(refreshing);
  }, [refreshing, queryClient]);

  if (!status) return null;
  const warnings: string[] = [];
  if (status.source === 'bundled') {
    warnings.push(
      `Showing the bundled demo snapshot: ${status.bundledReason ?? 'the live feed is not available'}.`,
    );
  }
  if (status.upstream.stoppedBy) {
    const since = status.fetchedAt
      ? ` Showing data fetched ${formatDateTime(status.fetchedAt)}.`
      : '';
    warnings.push(
      `The last crawl stopped at its ${BUDGET_NAMES[status.upstream.stoppedBy]} cap: ${status.upstream.lastError}.${since}`,
    );
  } else if (!status.ok && status.upstream.lastError) {
    const since = status.fetchedAt
      ? ` Showing data fetched ${formatDateTime(status.fetchedAt)}.`
      : '';
    warnings.push(`The upstream feed is failing: ${status.upstream.lastError}.${since}`);
  } else if (status.stale && status.source !== 'bundled') {
    warnings.push(
      `The data may be out of date${status.fetchedAt ? `: last fetched ${formatDateTime(status.fetchedAt)}` : ''}.`,
    );
  }

  return (
    <div className="mt-3 space-y-2 empty:hidden" data-testid="status-banner">
      {refreshing && (
        <div
          role="status"
          className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950/50 dark:text-sky-100"
        >
          <span className="font-medium">Fetching the feed…</span>
          <span className="tabular-nums">
            {formatNumber(refreshing.pagesDone)} {refreshing.pagesDone === 1 ? 'page' : 'pages'},{' '}
            {formatNumber(refreshing.itemsSoFar)} briefs so far
          </span>
          <span
            aria-hidden="true"
            className="relative h-1 min-w-24 flex-1 overflow-hidden rounded bg-sky-200 dark:bg-sky-900"
          >
            <span className="absolute inset-y-0 w-1/3 animate-[progress_1.2s_ease-in-out_infinite] rounded bg-sky-600 dark:bg-sky-400" />
          </span>
        </div>
      )}
      {warnings.length > 0 && (
        <div
          role="status"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
        >
          {warnings.map((warning) => (
            <p key={warning}>{warning}</p>
          ))}
        </div>
      )}
    </div>
  );
}
