import { resolveTactic } from '@/lib/briefs/attack/tactics';
import { toListHref } from '@/lib/briefs/filter/edit';
import { formatPercent } from '@/lib/signals/format';
import { FACETS, type BriefFilter, type FacetName } from '@/lib/briefs/filter/types';
import type { BriefType, Severity } from '@/lib/briefs/types';

// How an active filter reads: the labels of facets and values, and one removable chip per
// constraint. Plain data, used by the list, the matrix, trends and the exports' descriptions.

export const FACET_LABELS: Record<FacetName, string> = {
  severity: 'Severity',
  type: 'Type',
  vendor: 'Vendor',
  product: 'Product',
  actor: 'Actor',
  tag: 'Tag',
  technique: 'Technique',
  tactic: 'Tactic',
  cve: 'CVE',
  ioc_type: 'Indicator type',
};

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  informational: 'Info',
  rumour: 'Rumour',
};

// The site shows the `coverage` type as "rule".
export const TYPE_LABEL: Record<BriefType, string> = {
  threat: 'Threat',
  coverage: 'Rule',
  advisory: 'Advisory',
  rumour: 'Rumour',
};

function toValueLabel(facet: FacetName, value: string): string {
  if (facet === 'type' && value === 'coverage') return 'rule';
  if (facet === 'tactic') return resolveTactic(value)?.name ?? value;
  return value;
}

export interface ActiveFilterChip {
  facet:
    FacetName | 'q' | 'exploited' | 'poc' | 'ioc' | 'kev' | 'epss_min' | 'from' | 'to' | 'since';
  value: string;
  label: string;
  /** The list without this chip. */
  href: string;
}

/** One chip per active constraint (facet values, search, flags, dates); each href removes it. */
export function activeFilterChips(filter: BriefFilter, pathname = '/'): ActiveFilterChip[] {
  const chips: ActiveFilterChip[] = [];
  const add = (
    facet: ActiveFilterChip['facet'],
    value: string,
    label: string,
    patch: Partial<BriefFilter>,
  ) => chips.push({ facet, value, label, href: toListHref(filter, patch, pathname) });
  const q = filter.q.trim();
  if (q) add('q', q, `Search: ${q}`, { q: '' });
  for (const facet of FACETS) {
    for (const value of filter[facet]) {
      const label = `${FACET_LABELS[facet]}: ${toValueLabel(facet, value)}`;
      add(facet, value, label, { [facet]: filter[facet].filter((v) => v !== value) });
    }
  }
  if (filter.exploited !== null) {
    const label = filter.exploited ? 'Exploited' : 'Not exploited';
    add('exploited', String(filter.exploited), label, { exploited: null });
  }
  if (filter.poc !== null) {
    const label = filter.poc ? 'Public PoC' : 'No public PoC';
    add('poc', String(filter.poc), label, { poc: null });
  }
  if (filter.ioc !== null) {
    const label = filter.ioc ? 'Has indicators' : 'No indicators';
    add('ioc', String(filter.ioc), label, { ioc: null });
  }
  if (filter.kev !== null) {
    const label = filter.kev ? 'In CISA KEV' : 'Not in CISA KEV';
    add('kev', String(filter.kev), label, { kev: null });
  }
  if (filter.epssMin !== null) {
    const label = `EPSS ≥ ${formatPercent(filter.epssMin)}`;
    add('epss_min', String(filter.epssMin), label, { epssMin: null });
  }
  if (filter.from) add('from', filter.from, `From ${filter.from}`, { from: null });
  if (filter.to) add('to', filter.to, `To ${filter.to}`, { to: null });
  if (filter.since) {
    add('since', filter.since, `Published or updated since ${filter.since}`, { since: null });
  }
  return chips;
}
