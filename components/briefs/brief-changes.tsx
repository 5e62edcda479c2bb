import type { BriefChanges } from '@/lib/briefs/changes';
import { formatDate, formatDateTime } from '@/components/ui/dates';

// "What changed": the differences between a brief's current version and the one before it, and
// the earlier steps folded below. Sentences come from lib/briefs/changes.ts; all text, no HTML.

function ChangeList({ changes }: { changes: BriefChanges['versions'][number]['changes'] }) {
  if (changes.length === 0)
    return (
      <p className="text-fg-muted text-sm">
        The publisher revised it; no listed fact or section changed.
      </p>
    );
  return (
    <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="change-list">
      {changes.map((change, i) => (
        <li key={i} data-change-kind={change.kind}>
          {change.text.charAt(0).toUpperCase() + change.text.slice(1)}
        </li>
      ))}
    </ul>
  );
}

export function BriefChangesSection({ changes }: { changes: BriefChanges }) {
  const [latest, ...earlier] = changes.versions;
  if (!latest) return null;
  return (
    <section
      aria-labelledby="section-what-changed"
      className="border-line bg-surface-muted mt-5 rounded-md border p-4"
      data-testid="what-changed"
    >
      <h2 id="section-what-changed" className="mb-2 text-base font-semibold tracking-tight">
        What changed{' '}
        <span className="text-fg-muted text-sm font-normal">
          (seen{' '}
          <time dateTime={latest.at} title={formatDateTime(latest.at)}>
            {formatDate(latest.at)}
          </time>
          )
        </span>
      </h2>
      <ChangeList changes={latest.changes} />
      {earlier.length > 0 && (
        <details className="mt-3">
          <summary className="cursor-pointer text-sm font-medium">
            Earlier changes ({earlier.length})
          </summary>
          <ol className="mt-2 space-y-3">
            {earlier.map((version) => (
              <li key={version.at}>
                <p className="text-fg-muted mb-1 text-xs">
                  Seen <time dateTime={version.at}>{formatDate(version.at)}</time>
                </p>
                <ChangeList changes={version.changes} />
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
