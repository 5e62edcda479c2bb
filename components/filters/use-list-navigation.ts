'use client';

import { useCallback, useState } from 'react';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { toListHref } from '@/lib/briefs/filter/edit';
import { toQueryString } from '@/lib/briefs/filter/url';
import { navigateList } from '@/components/ui/navigate-list';

interface Pending {
  from: string;
  filter: BriefFilter;
}

/**
 * Navigates the list and shows the controls in their new state at once. The URL (and so the
 * filter) updates in a transition; until it lands, a controlled checkbox would snap back for a
 * frame. `view` is the filter the controls should show: the one just requested, else the URL's.
 */
export function useListNavigation(filter: BriefFilter) {
  const key = toQueryString(filter);
  const [pending, setPending] = useState<Pending | null>(null);
  const [seenKey, setSeenKey] = useState(key);
  if (seenKey !== key) {
    // The URL moved (this navigation landed, or back/forward): it is the truth again.
    setSeenKey(key);
    setPending(null);
  }

  // Takes the next filter, not an href: the URL is built from it, never parsed back (the list
  // parses its URL once, in BriefFilterProvider).
  const navigate = useCallback(
    (next: BriefFilter) => {
      setPending({ from: key, filter: next });
      navigateList(toListHref(next));
    },
    [key],
  );

  const view = pending && pending.from === key ? pending.filter : filter;
  return { view, navigate };
}
