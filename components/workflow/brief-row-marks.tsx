'use client';

import type { BriefFilter } from '@/lib/briefs/filter/types';
import { isNewSince } from '@/lib/workflow/visits';
import { useMounted } from '@/components/ui/use-mounted';
import type { BriefChangeMark } from '@/lib/briefs/types';
import { ReadToggle } from './read-toggle';
import { UpdatedSinceRead } from './updated-since-read';
import { useBaseline } from './use-workflow';

/**
 * A row's "New" marker and read toggle. "Hide read" is a filter of the list's query (the API
 * leaves read briefs out: brief-browser.tsx), not a hiding of rows here.
 */
export function BriefRowMarks({
  brief,
  filter,
}: {
  brief: {
    slug: string;
    title: string;
    date: string;
    modified?: string | null;
    changed?: BriefChangeMark;
  };
  filter: BriefFilter;
}) {
  const mounted = useMounted();
  const baseline = useBaseline(filter);
  if (!mounted) return null;
  return (
    <>
      {isNewSince(brief, baseline) && (
        <span
          className="rounded bg-emerald-700 px-1.5 text-[11px] leading-5 font-semibold text-white dark:bg-emerald-300 dark:text-emerald-950"
          data-testid="new-marker"
        >
          New
        </span>
      )}
      <UpdatedSinceRead slug={brief.slug} changed={brief.changed} compact />
      <ReadToggle slug={brief.slug} title={brief.title} compact />
    </>
  );
}
