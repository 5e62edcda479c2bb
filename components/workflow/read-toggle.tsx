'use client';

import { setRead } from '@/lib/workflow/triage';
import { setReadTime } from '@/lib/workflow/read-times';
import { useReadSlugs, useReadTimes } from './use-workflow';

export function ReadToggle({
  slug,
  title,
  compact = false,
}: {
  slug: string;
  title: string;
  compact?: boolean;
}) {
  const [read, updateRead] = useReadSlugs();
  const [, updateReadTimes] = useReadTimes();
  const isRead = read.includes(slug);
  return (
    <button
      type="button"
      // One name whatever the state; aria-pressed says whether it is read (a name that changed
      // too would be heard as "Read, pressed").
      aria-pressed={isRead}
      aria-label={`Read: ${title}`}
      title={isRead ? 'Marked read: click to mark unread' : 'Mark read'}
      onClick={() => {
        const now = new Date();
        updateRead((current) => setRead(current, slug, !isRead));
        updateReadTimes((current) => setReadTime(current, slug, !isRead, now));
      }}
      data-testid="read-toggle"
      className={
        compact
          ? 'border-line text-fg-muted hover:border-accent hover:text-accent aria-pressed:bg-surface-muted rounded border px-1.5 text-xs leading-5'
          : 'border-line-strong bg-surface hover:border-accent hover:text-accent aria-pressed:bg-surface-muted inline-flex h-8 items-center rounded-md border px-2.5 text-sm font-medium'
      }
    >
      Read
      {isRead && <span aria-hidden="true"> ✓</span>}
    </button>
  );
}
