'use client';

import type { BriefFilter } from '@/lib/briefs/filter/types';
import { isNewSince } from '@/lib/workflow/visits';
import { useMounted } from '@/components/ui/use-mounted';
import type { BriefChangeMark } from '@/lib/briefs/types';
import { ReadToggle } from './read-toggle';
import { UpdatedSinceRead } from './updated-since-read';
import { useBaseline, useHideRead, useReadSlugs } from './use-workflow';

/**
 * A row's "New" marker and read toggle. A read row under "Hide read" carries data-hidden-read,
 * which hides its list item (CSS :has), so the list itself needs no client state.
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
  const [read] = useReadSlugs();
  const [hideRead] = useHideRead();
  if (!mounted) return null;
  const isRead = read.includes(brief.slug);
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
      {isRead && hideRead && <span hidden data-hidden-read="" />}
    </>
  );
}
