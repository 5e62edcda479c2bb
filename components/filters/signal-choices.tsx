'use client';

import { withPatch } from '@/lib/briefs/filter/edit';
import { EPSS_STEPS, type BriefFilter, type FacetCount } from '@/lib/briefs/filter/types';
import { formatPercent } from '@/lib/signals/format';
import { FlagChoice } from './flag-choice';
import { RadioChoices } from './radio-choices';

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
    <RadioChoices
      legend="EPSS (highest of its CVEs)"
      name="epss_min"
      choices={choices.map((step) => ({
        value: step === null ? '' : String(step),
        label: step === null ? 'Any' : `At least ${formatPercent(step)}`,
        checked: filter.epssMin === step,
        count: step === null ? null : counts.find((c) => Number(c.value) === step)?.count,
        onSelect: () => onChange(withPatch(filter, { epssMin: step })),
      }))}
    />
  );
}
