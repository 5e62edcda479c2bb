import Link from 'next/link';
import {
  RISING_FACETS,
  type Rising,
  type RisingFacet,
  type RisingValue,
} from '@/lib/briefs/rising';
import { formatNumber } from '@/components/ui/numbers';

// "What is rising": per window, one small table per dimension. The table is the content (it
// reads well to a screen reader); each row's sparkline is decoration beside its numbers, and its
// weekly counts are spelled out for assistive technology.

const FACET_TITLES: Record<RisingFacet, string> = {
  vendor: 'Vendors',
  product: 'Products',
  actor: 'Actors',
  tag: 'Tags',
  technique: 'ATT&CK techniques',
};

function formatAverage(n: number): string {
  return Number.isInteger(n) ? formatNumber(n) : n.toFixed(1);
}

function Sparkline({ weekly }: { weekly: number[] }) {
  const width = 72;
  const height = 20;
  const max = Math.max(1, ...weekly);
  const step = weekly.length > 1 ? width / (weekly.length - 1) : width;
  const points = weekly
    .map(
      (count, i) =>
        `${(i * step).toFixed(1)},${(height - 2 - (count / max) * (height - 4)).toFixed(1)}`,
    )
    .join(' ');
  const last = weekly.length - 1;
  return (
    <svg
      aria-hidden="true"
      viewBox={`-2 0 ${width + 4} ${height}`}
      className="text-accent h-5 w-[4.75rem] overflow-visible"
      data-testid="sparkline"
    >
      <polyline
        points={points}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
      <circle
        cx={last * step}
        cy={height - 2 - ((weekly[last] ?? 0) / max) * (height - 4)}
        r="2"
        fill="currentColor"
      />
    </svg>
  );
}

function RisingTable({
  facet,
  values,
  days,
  describe,
}: {
  facet: RisingFacet;
  values: RisingValue[];
  days: number;
  describe?: (value: string) => string | null;
}) {
  const id = `rising-${days}-${facet}`;
  return (
    <section
      aria-labelledby={id}
      className="border-line min-w-0 rounded-lg border p-3"
      data-facet={facet}
    >
      <h3 id={id} className="mb-1 text-sm font-semibold">
        {FACET_TITLES[facet]}
      </h3>
      {values.length === 0 ? (
        <p className="text-fg-muted text-sm">Nothing rising.</p>
      ) : (
        <table className="w-full text-sm">
          <caption className="sr-only">
            {FACET_TITLES[facet]} rising in the last {days} days
          </caption>
          <thead className="text-fg-muted text-xs">
            <tr>
              <th scope="col" className="py-1 text-left font-medium">
                Value
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                {days} days
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Before
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Change
              </th>
              <th scope="col" className="py-1 pl-2 text-left font-medium">
                <span className="sr-only">Briefs per week, last 12 weeks</span>
                <span aria-hidden="true">12 weeks</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {values.map((v) => {
              const extra = describe?.(v.value);
              return (
                <tr key={v.value} className="border-line border-t" data-rising-value={v.value}>
                  <th scope="row" className="max-w-0 py-1 text-left font-normal">
                    <Link
                      href={v.href}
                      prefetch={false}
                      className="text-accent block truncate hover:underline"
                      title={extra ? `${v.value} ${extra}` : v.value}
                    >
                      {v.value}
                      {extra && <span className="text-fg-muted"> {extra}</span>}
                    </Link>
                  </th>
                  <td className="py-1 text-right tabular-nums">{formatNumber(v.recent)}</td>
                  <td className="text-fg-muted py-1 text-right tabular-nums">
                    {formatAverage(v.before)}
                  </td>
                  <td className="py-1 text-right font-semibold text-emerald-800 tabular-nums dark:text-emerald-300">
                    +{formatAverage(v.change)}
                  </td>
                  <td className="py-1 pl-2">
                    <Sparkline weekly={v.weekly} />
                    <span className="sr-only">{v.weekly.join(', ')}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function RisingSection({
  rising,
  describeTechnique,
}: {
  rising: Rising;
  describeTechnique: (id: string) => string | null;
}) {
  return (
    <section aria-labelledby="rising-heading" className="space-y-3" data-testid="rising">
      <h2 id="rising-heading" className="text-base font-semibold">
        What is rising
      </h2>
      {rising.windows.map((window) => (
        <section key={window.days} aria-labelledby={`rising-${window.days}`} className="space-y-2">
          <h3 id={`rising-${window.days}`} className="text-sm font-semibold">
            Last {window.days} days ({window.from} to {window.to}) against the{' '}
            {window.periodsBefore} periods of {window.days} days before
          </h3>
          <p className="text-fg-muted text-xs">
            Briefs published in the window; “Before” is the average per {window.days} days before
            it. Each value links to the list filtered by it from {window.from}.
          </p>
          <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
            {RISING_FACETS.map((facet) => (
              <RisingTable
                key={facet}
                facet={facet}
                values={window.facets[facet]}
                days={window.days}
                describe={facet === 'technique' ? describeTechnique : undefined}
              />
            ))}
          </div>
        </section>
      ))}
    </section>
  );
}
