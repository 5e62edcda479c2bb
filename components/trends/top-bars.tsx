import Link from 'next/link';
import type { BriefFilter, FacetCount } from '@/lib/briefs/filter/types';
import { toListHref, withFacetValue } from '@/lib/briefs/filter/edit';
import type { TopFacet } from '@/lib/briefs/trends';
import { formatNumber } from '@/components/ui/numbers';

// A ranked list as bars of plain HTML: each bar is a link to the list filtered by its value.

interface Props {
  title: string;
  facet: TopFacet;
  entries: FacetCount[];
  filter: BriefFilter;
  /** Extra words after a value, e.g. a technique's name. */
  describe?: (value: string) => string | null;
}

export function TopBars({ title, facet, entries, filter, describe }: Props) {
  const max = entries[0]?.count ?? 0;
  const headingId = `top-${facet}`;
  return (
    <section
      aria-labelledby={headingId}
      className="border-line rounded-lg border p-3"
      data-facet={facet}
    >
      <h2 id={headingId} className="mb-2 text-sm font-semibold">
        {title}
      </h2>
      {entries.length === 0 ? (
        <p className="text-fg-muted text-sm">None in these briefs.</p>
      ) : (
        <ol className="space-y-1">
          {entries.map((entry) => {
            const extra = describe?.(entry.value);
            const label = extra ? `${entry.value} ${extra}` : entry.value;
            return (
              <li key={entry.value}>
                <Link
                  href={toListHref(withFacetValue(filter, facet, entry.value))}
                  prefetch={false}
                  aria-label={`${label}: ${formatNumber(entry.count)} ${entry.count === 1 ? 'brief' : 'briefs'}`}
                  className="group hover:bg-surface-muted relative block overflow-hidden rounded px-2 py-1 text-[13px]"
                >
                  <span
                    aria-hidden="true"
                    className="bg-accent-soft absolute inset-y-0 left-0 rounded group-hover:bg-blue-200 dark:group-hover:bg-blue-900"
                    style={{ width: `${max > 0 ? Math.max(2, (entry.count / max) * 100) : 0}%` }}
                  />
                  <span className="relative flex items-baseline justify-between gap-2">
                    <span className="min-w-0 truncate">
                      <span className={facet === 'technique' ? 'font-mono text-xs' : ''}>
                        {entry.value}
                      </span>
                      {extra && <span className="text-fg-muted"> {extra}</span>}
                    </span>
                    <span className="shrink-0 font-semibold tabular-nums">
                      {formatNumber(entry.count)}
                    </span>
                  </span>
                </Link>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
