'use client';

import { useState, type FormEvent } from 'react';
import { ENTERPRISE_TACTICS } from '@/lib/briefs/attack/tactics';
import {
  DEFAULT_PAGE_SIZE,
  type BriefFilter,
  type FacetCounts,
  type FacetName,
  type FacetTotals,
} from '@/lib/briefs/filter/types';
import { activeFilterChips } from '@/lib/briefs/filter/chips';
import { toggleFacetValue } from '@/lib/briefs/filter/edit';
import { parseBriefFilter } from '@/lib/briefs/filter/url';
import { BRIEF_TYPES, SEVERITIES } from '@/lib/briefs/types';
import { useMounted } from '@/components/ui/use-mounted';
import { DateRange } from './date-range';
import { ExploitedChoice, PocChoice, IocChoice } from './exploited-choice';
import { FacetGroup } from './facet-group';
import { FACET_LABEL, toSeverityLabel, toTacticLabel, toTypeLabel } from './facet-labels';
import { FILTER_FORM_ID } from './form-id';
import { EpssChoice, KevChoice } from './signal-choices';

const TACTIC_ORDER = ENTERPRISE_TACTICS.map((t) => t.shortname);

/**
 * A real GET form: without JS the checkboxes and "Apply" submit to `/?…`. With JS every change
 * pushes the canonical URL at once and the list re-queries the API.
 */
export function FilterPanel({
  filter,
  facets,
  totals,
  navigate,
}: {
  filter: BriefFilter;
  facets: FacetCounts;
  /** Each facet's number of values; a list answer's `facets` carry only the top ones. */
  totals: Partial<FacetTotals>;
  navigate: (next: BriefFilter) => void;
}) {
  const mounted = useMounted();
  const [formError, setFormError] = useState<string | null>(null);
  const active = activeFilterChips(filter).length;

  function go(next: BriefFilter) {
    setFormError(null);
    navigate(next);
  }

  const onToggle = (facet: FacetName, value: string) => go(toggleFacetValue(filter, facet, value));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value === 'string' && value.trim() !== '') params.append(name, value);
    }
    const parsed = parseBriefFilter(params, { allowUnknown: true });
    if (parsed.ok) go(parsed.filter);
    else setFormError(parsed.error.message);
  }

  const groups: {
    facet: FacetName;
    label: string;
    order?: readonly string[];
    toLabel?: (v: string) => string;
    mono?: boolean;
  }[] = [
    { facet: 'severity', label: FACET_LABEL.severity, order: SEVERITIES, toLabel: toSeverityLabel },
    { facet: 'type', label: FACET_LABEL.type, order: BRIEF_TYPES, toLabel: toTypeLabel },
  ];
  const longGroups: typeof groups = [
    { facet: 'vendor', label: FACET_LABEL.vendor },
    { facet: 'product', label: FACET_LABEL.product },
    { facet: 'actor', label: FACET_LABEL.actor },
    { facet: 'tag', label: FACET_LABEL.tag },
    { facet: 'tactic', label: FACET_LABEL.tactic, order: TACTIC_ORDER, toLabel: toTacticLabel },
    { facet: 'technique', label: FACET_LABEL.technique, mono: true },
    { facet: 'cve', label: FACET_LABEL.cve, mono: true },
    { facet: 'ioc_type', label: FACET_LABEL.ioc_type, mono: true },
  ];
  const renderGroup = (g: (typeof groups)[number]) => (
    <FacetGroup
      key={g.facet}
      {...g}
      counts={facets[g.facet]}
      total={totals[g.facet] ?? facets[g.facet].length}
      filter={filter}
      onToggle={onToggle}
    />
  );

  const applyButton = !mounted && (
    <button
      type="submit"
      className="bg-accent text-surface w-full rounded-md px-3 py-1.5 text-sm font-semibold hover:opacity-90"
    >
      Apply filters
    </button>
  );

  return (
    <aside aria-labelledby="filters-heading">
      <details className="filters-disclosure border-line bg-surface-muted rounded-lg border lg:rounded-none lg:border-0 lg:bg-transparent">
        <summary className="cursor-pointer px-3 py-2 text-sm font-semibold select-none">
          Filters
          {active > 0 && <span className="text-fg-muted font-normal"> · {active} active</span>}
        </summary>
        <form
          id={FILTER_FORM_ID}
          method="get"
          action="/"
          onSubmit={onSubmit}
          className="space-y-2 px-3 pb-3 lg:px-0"
        >
          <h2 id="filters-heading" className="sr-only lg:not-sr-only lg:text-sm lg:font-semibold">
            Filters
          </h2>
          {filter.pageSize !== DEFAULT_PAGE_SIZE && (
            <input type="hidden" name="pageSize" value={filter.pageSize} />
          )}
          {groups.map(renderGroup)}
          <ExploitedChoice filter={filter} counts={facets.exploited} onChange={go} />
          <PocChoice filter={filter} counts={facets.poc} onChange={go} />
          <IocChoice filter={filter} counts={facets.ioc} onChange={go} />
          <KevChoice filter={filter} counts={facets.kev ?? []} onChange={go} />
          <EpssChoice filter={filter} counts={facets.epss ?? []} onChange={go} />
          <DateRange filter={filter} onChange={go} onInvalid={setFormError} />
          {formError && (
            <p role="alert" className="text-xs text-red-700 dark:text-red-300">
              {formError}
            </p>
          )}
          {longGroups.map(renderGroup)}
          <div className="pt-2">{applyButton}</div>
        </form>
      </details>
    </aside>
  );
}
