'use client';

import { useCallback, useState } from 'react';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { parseBriefFilter } from '@/lib/briefs/filter/url';
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

  const navigate = useCallback(
    (href: string) => {
      const parsed = parseBriefFilter(new URL(href, window.location.href).searchParams);
      if (parsed.ok) setPending({ from: key, filter: parsed.filter });
      navigateList(href);
    },
    [key],
  );

  const view = pending && pending.from === key ? pending.filter : filter;
  return { view, navigate };
}
