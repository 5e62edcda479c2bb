import { formatDateTime, formatRelative } from './dates';

/** Relative to a `now` the server picked, so server and browser render the same words. */
export function RelativeTime({
  iso,
  now,
  className,
}: {
  iso: string;
  now: string;
  className?: string;
}) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className={className}>
      {formatRelative(iso, now)}
    </time>
  );
}
