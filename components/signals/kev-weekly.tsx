import { formatDate } from '@/components/ui/dates';
import { formatNumber } from '@/components/ui/numbers';
import type { KevWeek } from '@/lib/signals/kev-weeks';

// Briefs on KEV-listed CVEs per week: bars drawn with plain elements on the server (hidden from
// screen readers), and the same numbers as a table beneath them.

export function KevWeekly({ weeks }: { weeks: KevWeek[] }) {
  const total = weeks.reduce((n, w) => n + w.kev, 0);
  const max = Math.max(1, ...weeks.map((w) => w.kev));
  return (
    <section aria-labelledby="kev-weekly-heading" className="space-y-2">
      <h2 id="kev-weekly-heading" className="text-base font-semibold">
        Briefs on CISA KEV-listed CVEs per week
      </h2>
      {total === 0 ? (
        <p className="text-fg-muted text-sm">No brief of these weeks names a KEV-listed CVE.</p>
      ) : (
        <>
          <div aria-hidden="true" className="flex h-24 items-end gap-px" data-testid="kev-bars">
            {weeks.map((w) => (
              <div
                key={w.week}
                className="flex-1 bg-rose-500/80"
                style={{ height: `${(w.kev / max) * 100}%` }}
                title={`${w.week}: ${w.kev}`}
              />
            ))}
          </div>
          <details>
            <summary className="text-fg-muted cursor-pointer text-sm">
              Table of these numbers
            </summary>
            <table className="mt-2 text-sm tabular-nums" data-testid="kev-weekly-table">
              <caption className="sr-only">Briefs on KEV-listed CVEs per week</caption>
              <thead className="text-fg-muted text-xs">
                <tr>
                  <th scope="col" className="pr-4 text-left">
                    Week
                  </th>
                  <th scope="col" className="pr-4 text-right">
                    On KEV CVEs
                  </th>
                  <th scope="col" className="text-right">
                    All briefs
                  </th>
                </tr>
              </thead>
              <tbody>
                {weeks
                  .filter((w) => w.total > 0)
                  .map((w) => (
                    <tr key={w.week}>
                      <th scope="row" className="pr-4 text-left font-normal">
                        {formatDate(w.start)} ({w.week})
                      </th>
                      <td className="pr-4 text-right">{formatNumber(w.kev)}</td>
                      <td className="text-right">{formatNumber(w.total)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
