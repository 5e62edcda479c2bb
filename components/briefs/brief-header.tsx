import type { BriefDetail } from '@/lib/briefs/types';
import { formatDate, formatDateTime } from '@/components/ui/dates';
import { UpdatedSinceRead } from '@/components/workflow/updated-since-read';
import { CopyLinkButton } from './copy-link-button';
import { ExploitedBadge, PocBadge, SeverityBadge, TypeBadge } from './brief-badges';

function DateLine({ label, iso }: { label: string; iso: string }) {
  return (
    <span>
      {label}{' '}
      <time dateTime={iso} title={formatDateTime(iso)} className="text-fg font-medium">
        {formatDate(iso)}
      </time>
    </span>
  );
}

export function BriefHeader({ brief }: { brief: BriefDetail }) {
  // A change the dashboard saw wins: it is the newest news of this brief.
  const updated =
    brief.changed?.updated ??
    (brief.modified && brief.modified.slice(0, 10) !== brief.date.slice(0, 10)
      ? brief.modified
      : null);
  return (
    <header className="border-line border-b pb-5">
      <div className="flex flex-wrap items-center gap-1.5">
        {brief.severities.length > 0 ? (
          brief.severities.map((severity) => <SeverityBadge key={severity} severity={severity} />)
        ) : (
          <SeverityBadge severity={brief.severity} />
        )}
        <TypeBadge type={brief.type} />
        <ExploitedBadge exploited={brief.exploited} />
        <PocBadge hasPoc={brief.hasPoc} />
        <UpdatedSinceRead slug={brief.slug} changed={brief.changed} />
      </div>
      <h1 className="mt-2 max-w-4xl text-2xl leading-tight font-semibold tracking-tight text-balance sm:text-[1.7rem]">
        {brief.title}
      </h1>
      {brief.untitled && (
        <p className="text-fg-muted mt-1 text-sm italic" data-testid="untitled-note">
          The feed gives this brief no title; the one above is taken from its text.
        </p>
      )}
      {brief.summary && (
        <p className="text-fg-muted mt-2 max-w-3xl text-base leading-relaxed">{brief.summary}</p>
      )}
      <div className="text-fg-muted mt-4 flex flex-wrap items-center gap-x-5 gap-y-2 text-sm">
        <DateLine label="Published" iso={brief.date} />
        {updated && <DateLine label="Updated" iso={updated} />}
        {brief.url && (
          <a
            href={brief.url}
            rel="noopener noreferrer"
            target="_blank"
            className="text-accent font-medium underline-offset-2 hover:underline"
          >
            Original brief<span aria-hidden="true"> ↗</span>
            <span className="sr-only"> (opens in a new tab)</span>
          </a>
        )}
        <CopyLinkButton />
      </div>
    </header>
  );
}
