'use client';

import { useSearchParams } from 'next/navigation';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { parsePageFilter } from '@/lib/briefs/filter/page-filter';

// The list's filter in the browser, parsed once per URL for every component of the list. The
// list changes its URL without a server round trip (navigate-list.ts), so this follows
// useSearchParams. A URL the list cannot read never gets here: the proxy answers it with 400,
// and the list's own controls only ever build filters that parse.

const BriefFilterContext = createContext<BriefFilter | null>(null);

export function BriefFilterProvider({ children }: { children: ReactNode }) {
  const searchParams = useSearchParams();
  const filter = useMemo(() => {
    const parsed = parsePageFilter('/', searchParams);
    if (!parsed.ok) throw new Error(`The list cannot read its URL (${parsed.error.parameter})`);
    return parsed.filter;
  }, [searchParams]);
  return <BriefFilterContext.Provider value={filter}>{children}</BriefFilterContext.Provider>;
}

/** The list's current filter; only inside BriefFilterProvider. */
export function useBriefFilter(): BriefFilter {
  const filter = useContext(BriefFilterContext);
  if (!filter) throw new Error('useBriefFilter is used outside BriefFilterProvider');
  return filter;
}
