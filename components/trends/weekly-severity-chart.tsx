'use client';

import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { SEVERITY_KEYS, type SeverityKey, type WeekBucket } from '@/lib/briefs/trends';
import { formatDate } from '@/components/ui/dates';
import { useMounted } from '@/components/ui/use-mounted';
import { SEVERITY_FILL, SEVERITY_KEY_LABEL } from './severity-colors';

// The weekly stacked bars need measuring, so they draw only in the browser. Until then (and with
// JavaScript off) the table of the same numbers, passed as children, stands in their place;
// once the chart is drawn the table folds away under it.

interface Props {
  weeks: WeekBucket[];
  /** The severities present, bottom of the stack first. */
  keys: SeverityKey[];
  children: ReactNode;
}

export function WeeklySeverityChart({ weeks, keys, children }: Props) {
  const mounted = useMounted();
  if (!mounted) return <>{children}</>;

  const data = weeks.map((w) => ({ label: formatDate(w.start), week: w.week, ...w.counts }));
  const order = SEVERITY_KEYS.filter((key) => keys.includes(key));
  return (
    <>
      <figure className="text-fg-muted">
        <div aria-hidden="true">
          <BarChart
            responsive
            accessibilityLayer={false}
            data={data}
            style={{ width: '100%', height: 320 }}
            margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
          >
            <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.2} />
            <XAxis
              dataKey="label"
              tick={{ fill: 'currentColor', fontSize: 11 }}
              stroke="currentColor"
              strokeOpacity={0.4}
              tickMargin={4}
              minTickGap={16}
            />
            <YAxis
              allowDecimals={false}
              tick={{ fill: 'currentColor', fontSize: 11 }}
              stroke="currentColor"
              strokeOpacity={0.4}
            />
            <Tooltip
              cursor={{ fill: 'currentColor', fillOpacity: 0.08 }}
              labelFormatter={(label, payload) =>
                `Week of ${label} (${payload?.[0]?.payload?.week ?? ''})`
              }
              contentStyle={{
                background: 'var(--surface-raised)',
                border: '1px solid var(--line-strong)',
                borderRadius: 6,
                color: 'var(--fg)',
                fontSize: 12,
              }}
              labelStyle={{ color: 'var(--fg)', fontWeight: 600 }}
            />
            <Legend
              itemSorter={null}
              iconType="square"
              iconSize={10}
              wrapperStyle={{ fontSize: 12 }}
              formatter={(value) => <span className="text-fg">{value}</span>}
            />
            {order.map((key) => (
              <Bar
                key={key}
                dataKey={key}
                name={SEVERITY_KEY_LABEL[key]}
                stackId="severity"
                fill={SEVERITY_FILL[key]}
                isAnimationActive={false}
                maxBarSize={28}
              />
            ))}
          </BarChart>
        </div>
        <figcaption className="sr-only">
          Briefs per week by severity; the same numbers are in the table below.
        </figcaption>
      </figure>
      <details className="mt-2">
        <summary className="text-accent cursor-pointer text-sm font-medium select-none">
          Show the numbers as a table
        </summary>
        <div className="mt-2">{children}</div>
      </details>
    </>
  );
}
