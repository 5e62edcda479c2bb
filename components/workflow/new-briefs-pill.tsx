'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { filterToSearchParams } from '@/lib/briefs/filter/url';
import { toListHref } from '@/lib/briefs/filter/edit';
import { navigateList } from '@/components/ui/navigate-list';

// While the list is open, asks the API how many briefs of this view were published or modified
// since the list was loaded (`since=`, one item per answer), every `pollSeconds`, five times less
// often while the tab is hidden. "N new" shows them: the list is fetched again from page 1.

const HIDDEN_FACTOR = 5;

async function countSince(filter: BriefFilter, since: string, signal: AbortSignal) {
  const params = filterToSearchParams({ ...filter, page: 1, pageSize: 1, since });
  const res = await fetch(`/api/briefs?${params}`, {
    signal,
    headers: { accept: 'application/json' },
  });
  if (!res.ok) return null;
  const body = (await res.json()) as { total?: unknown };
  return typeof body.total === 'number' ? body.total : null;
}

export function NewBriefsPill({
  filter,
  pollSeconds,
}: {
  filter: BriefFilter;
  pollSeconds: number;
}) {
  const queryClient = useQueryClient();
  const key = filterToSearchParams({ ...filter, page: 1 }).toString();
  const [since, setSince] = useState(() => ({ key, at: new Date().toISOString() }));
  const [count, setCount] = useState(0);
  // A new view counts from when it was opened.
  if (since.key !== key) {
    setSince({ key, at: new Date().toISOString() });
    setCount(0);
  }

  useEffect(() => {
    // Briefs modified since that also passed an explicit since= filter are the view's own.
    if (filter.since) return;
    const controller = new AbortController();
    let timer: number | undefined;
    const schedule = () => {
      const seconds = pollSeconds * (document.visibilityState === 'hidden' ? HIDDEN_FACTOR : 1);
      timer = window.setTimeout(poll, seconds * 1000);
    };
    const poll = async () => {
      try {
        const total = await countSince(filter, since.at, controller.signal);
        if (total !== null) setCount(total);
      } catch {
        // offline or aborted: try again next time
      }
      if (!controller.signal.aborted) schedule();
    };
    const onVisibility = () => {
      // Coming back to the tab: ask now rather than at the end of the long hidden interval.
      if (document.visibilityState === 'visible') {
        window.clearTimeout(timer);
        void poll();
      }
    };
    schedule();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
    // The filter is identified by `key`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, since.at, pollSeconds]);

  function show() {
    setSince({ key, at: new Date().toISOString() });
    setCount(0);
    if (filter.page !== 1) navigateList(toListHref(filter, { page: 1 }));
    void queryClient.invalidateQueries({ queryKey: ['briefs'] });
  }

  return (
    <span role="status" aria-live="polite" className="contents">
      {count > 0 && (
        <button
          type="button"
          onClick={show}
          data-testid="new-briefs-pill"
          className="rounded-full bg-emerald-700 px-3 py-1 text-sm font-semibold text-white shadow hover:bg-emerald-800 dark:bg-emerald-300 dark:text-emerald-950 dark:hover:bg-emerald-200"
        >
          {count} new {count === 1 ? 'brief' : 'briefs'}: show
        </button>
      )}
    </span>
  );
}
