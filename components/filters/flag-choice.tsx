'use client';

import type { BriefFilter, FacetCount, FlagName } from '@/lib/briefs/filter/types';
import { withPatch } from '@/lib/briefs/filter/edit';
import { RadioChoices } from './radio-choices';

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
  return (
    <RadioChoices
      legend={labels.legend}
      name={flag}
      choices={choices.map(({ value, label }) => ({
        value: value === null ? '' : String(value),
        label,
        checked: filter[flag] === value,
        count:
          value === null
            ? null
            : counts.find((c) => c.value.toLowerCase() === String(value))?.count,
        onSelect: () => onChange(withPatch(filter, { [flag]: value })),
      }))}
    />
  );
}
