'use client';

import type { BriefFilter } from '@/lib/briefs/filter/types';
import { toListHref } from '@/lib/briefs/filter/edit';
import type { BriefListItem } from '@/lib/briefs/types';
import { viewToDigest } from '@/lib/workflow/markdown';
import { useMounted } from '@/components/ui/use-mounted';
import { CopyTextButton } from './copy-text-button';

/** Copies the view as a Markdown digest: the filter in words and the briefs on screen. */
export function DigestCopyButton({
  filter,
  total,
  items,
}: {
  filter: BriefFilter;
  total: number;
  items: readonly BriefListItem[];
}) {
  const mounted = useMounted();
  if (!mounted) return null;
  return (
    <CopyTextButton
      label="Copy digest"
      testId="copy-digest"
      makeText={() =>
        viewToDigest(
          { filter, total, items, href: toListHref({ ...filter, page: 1 }) },
          window.location.origin,
        )
      }
    />
  );
}
