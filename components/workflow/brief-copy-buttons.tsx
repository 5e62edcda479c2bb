'use client';

import {
  briefToChatSnippet,
  briefToMarkdown,
  type BriefForMarkdown,
} from '@/lib/workflow/markdown';
import { useMounted } from '@/components/ui/use-mounted';
import { CopyTextButton } from './copy-text-button';
import { ReadToggle } from './read-toggle';

/** A brief's workflow controls: copy for a ticket or a chat, and read/unread. JS only. */
export function BriefWorkflowControls({ brief }: { brief: BriefForMarkdown }) {
  const mounted = useMounted();
  if (!mounted) return null;
  return (
    <div className="mt-3 flex flex-wrap items-start gap-2" data-testid="brief-workflow">
      <CopyTextButton
        label="Copy as Markdown"
        testId="copy-markdown"
        makeText={() => briefToMarkdown(brief, window.location.origin)}
      />
      <CopyTextButton
        label="Copy chat snippet"
        testId="copy-snippet"
        makeText={() => briefToChatSnippet(brief, window.location.origin)}
      />
      <ReadToggle slug={brief.slug} title={brief.title} />
    </div>
  );
}
