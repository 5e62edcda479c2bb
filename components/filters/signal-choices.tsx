'use client';

import { withPatch } from '@/lib/briefs/filter/edit';
import { EPSS_STEPS, type BriefFilter, type FacetCount } from '@/lib/briefs/filter/types';
import { formatPercent } from '@/lib/signals/format';
import { formatNumber } from '@/components/ui/numbers';
import { FlagChoice } from './flag-choice';

// The KEV and EPSS filters (lib/signals/), with disjunctive counts like the other facets. Shown
// only when the served signals list something, or the filter is already set.

export function KevChoice(props: {
  filter: BriefFilter;
  counts: FacetCount[];
  onChange: (next: BriefFilter) => void;
}) {
  const listed = props.counts.some((c) => c.value === 'true' && c.count > 0);
  if (!listed && props.filter.kev === null) return null;
  return (
    <FlagChoice
      flag="kev"
      labels={{ legend: 'CISA KEV', yes: 'In the KEV catalog', no: 'Not in the KEV catalog' }}
      {...props}
    />
  );
}

/** Any, or a highest EPSS of at least each step; radios submit `epss_min` without JS. */
export function EpssChoice({
  filter,
  counts,
  onChange,
}: {
  filter: BriefFilter;
  counts: FacetCount[];
  onChange: (next: BriefFilter) => void;
}) {
  if (!counts.some((c) => c.count > 0) && filter.epssMin === null) return null;
  const steps = [...EPSS_STEPS.map(Number)];
  if (filter.epssMin !== null && !steps.includes(filter.epssMin)) steps.push(filter.epssMin);
  steps.sort((a, b) => a - b);
  const choices: (number | null)[] = [null, ...steps];
  return (
    <fieldset className="filter-group">
      <legend>EPSS (highest of its CVEs)</legend>
      <ul className="clear-both space-y-px">
        {choices.map((step) => {
          const count = step === null ? null : counts.find((c) => Number(c.value) === step)?.count;
          return (
            <li key={String(step)}>
              <label className="choice">
                <input
                  type="radio"
                  name="epss_min"
                  value={step === null ? '' : String(step)}
                  checked={filter.epssMin === step}
                  onChange={() => onChange(withPatch(filter, { epssMin: step }))}
                />
                <span className="flex-1">
                  {step === null ? 'Any' : `At least ${formatPercent(step)}`}
                </span>
                {count !== undefined && count !== null && (
                  <span className="text-fg-muted text-xs tabular-nums">{formatNumber(count)}</span>
                )}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
