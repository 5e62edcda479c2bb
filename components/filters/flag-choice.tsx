'use client';

import type { BriefFilter, FacetCount, FlagName } from '@/lib/briefs/filter/types';
import { withPatch } from '@/lib/briefs/filter/edit';
import { formatNumber } from '@/components/ui/numbers';

export interface FlagChoiceLabels {
  legend: string;
  yes: string;
  no: string;
}

/** Any / yes / no for a flag filter (`exploited`, `poc`), each with its count; radios submit without JS. */
export function FlagChoice({
  flag,
  labels,
  filter,
  counts,
  onChange,
}: {
  flag: FlagName;
  labels: FlagChoiceLabels;
  filter: BriefFilter;
  counts: FacetCount[];
  onChange: (next: BriefFilter) => void;
}) {
  const choices: { value: boolean | null; label: string }[] = [
    { value: null, label: 'Any' },
    { value: true, label: labels.yes },
    { value: false, label: labels.no },
  ];
  const countOf = (value: boolean | null) =>
    value === null ? null : counts.find((c) => c.value.toLowerCase() === String(value))?.count;

  return (
    <fieldset className="filter-group">
      <legend>{labels.legend}</legend>
      <ul className="clear-both space-y-px">
        {choices.map((choice) => {
          const count = countOf(choice.value);
          return (
            <li key={String(choice.value)}>
              <label className="choice">
                <input
                  type="radio"
                  name={flag}
                  value={choice.value === null ? '' : String(choice.value)}
                  checked={filter[flag] === choice.value}
                  onChange={() => onChange(withPatch(filter, { [flag]: choice.value }))}
                />
                <span className="flex-1">{choice.label}</span>
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
