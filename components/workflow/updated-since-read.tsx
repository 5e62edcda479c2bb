'use client';

import type { BriefChangeMark } from '@/lib/briefs/types';
import { isUpdatedSinceRead } from '@/lib/workflow/read-times';
import { useMounted } from '@/components/ui/use-mounted';
import { useReadSlugs, useReadTimes } from './use-workflow';

/** "Updated since you read it": a brief marked read whose change was first served afterwards. */
export function UpdatedSinceRead({
  slug,
  changed,
  compact = false,
}: {
  slug: string;
  changed: BriefChangeMark | undefined;
  compact?: boolean;
}) {
  const mounted = useMounted();
  const [read] = useReadSlugs();
  const [times] = useReadTimes();
  if (!mounted || !changed || !read.includes(slug)) return null;
  if (!isUpdatedSinceRead(changed, times[slug])) return null;
  return (
    <span
      className={
        compact
          ? 'rounded bg-violet-700 px-1.5 text-[11px] leading-5 font-semibold text-white dark:bg-violet-300 dark:text-violet-950'
          : 'inline-flex rounded-md bg-violet-700 px-2 py-0.5 text-sm font-semibold text-white dark:bg-violet-300 dark:text-violet-950'
      }
      data-testid="updated-since-read"
    >
      Updated since you read it
    </span>
  );
}
