'use client';

import { ExportLinks } from '@/components/attack/export-links';
import { useBriefFilter } from '@/components/filters/brief-filter-context';

// The list changes its URL without a server round trip (navigate-list.ts), so its export links
// follow the URL's filter rather than being rendered once on the server.
export function ListExportLinks() {
  return <ExportLinks filter={useBriefFilter()} indicators />;
}
