import type { SeverityKey, Trends } from '@/lib/briefs/trends';
import { SEVERITY_KEYS } from '@/lib/briefs/trends';
import { formatDate } from '@/components/ui/dates';
import { formatNumber } from '@/components/ui/numbers';
import { SEVERITY_FILL, SEVERITY_KEY_LABEL } from './severity-colors';

type Props = Pick<Trends, 'weeks' | 'severityTotals' | 'inWeeks'>;

export function WeeklyTable({ weeks, severityTotals, inWeeks }: Props) {
  const keys: SeverityKey[] = SEVERITY_KEYS.filter((key) => severityTotals[key] > 0);
  return (
    <div
      className="border-line max-h-[28rem] overflow-auto rounded-md border"
      tabIndex={0}
      role="region"
      aria-labelledby="weekly-table-caption"
    >
      <table className="w-full border-collapse text-sm tabular-nums" data-testid="weekly-table">
        <caption id="weekly-table-caption" className="sr-only">
          Briefs per ISO week by severity
        </caption>
        <thead className="bg-surface-muted text-fg-muted sticky top-0 text-xs">
          <tr>
            <th scope="col" className="px-2 py-1.5 text-left font-semibold">
              Week
            </th>
            {keys.map((key) => (
              <th key={key} scope="col" className="px-2 py-1.5 text-right font-semibold">
                <span className="inline-flex items-center gap-1">
                  <span
                    aria-hidden="true"
                    className="inline-block size-2 rounded-sm"
                    style={{ background: SEVERITY_FILL[key] }}
                  />
                  {SEVERITY_KEY_LABEL[key]}
                </span>
              </th>
            ))}
            <th scope="col" className="px-2 py-1.5 text-right font-semibold">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={w.week} className="border-line border-t">
              <th scope="row" className="px-2 py-1 text-left font-normal whitespace-nowrap">
                {w.week} <span className="text-fg-muted text-xs">({formatDate(w.start)})</span>
              </th>
              {keys.map((key) => (
                <td
                  key={key}
                  className={`px-2 py-1 text-right ${w.counts[key] === 0 ? 'text-fg-muted' : ''}`}
                >
                  {formatNumber(w.counts[key])}
                </td>
              ))}
              <td className="px-2 py-1 text-right font-semibold">{formatNumber(w.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot className="border-line-strong bg-surface-muted border-t-2 font-semibold">
          <tr data-testid="weekly-total">
            <th scope="row" className="px-2 py-1.5 text-left">
              Total
            </th>
            {keys.map((key) => (
              <td key={key} className="px-2 py-1.5 text-right" data-severity={key}>
                {formatNumber(severityTotals[key])}
              </td>
            ))}
            <td className="px-2 py-1.5 text-right" data-severity="total">
              {formatNumber(inWeeks)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
