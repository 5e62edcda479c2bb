'use client';

import { useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { ExportLinks } from '@/components/attack/export-links';
import { parsePageFilter } from '@/lib/briefs/filter/page-filter';

// The list changes its URL without a server round trip (navigate-list.ts), so its export links
// follow the URL here rather than being rendered once on the server.
export function ListExportLinks() {
  const searchParams = useSearchParams();
  const parsed = useMemo(() => parsePageFilter('/', searchParams), [searchParams]);
  return parsed.ok ? <ExportLinks filter={parsed.filter} indicators /> : null;
}
