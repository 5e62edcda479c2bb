import { resolveTactic } from '@/lib/briefs/attack/tactics';
import type { FacetName } from '@/lib/briefs/filter/types';
import type { BriefType, Severity } from '@/lib/briefs/types';
import { FACET_LABELS, SEVERITY_LABEL, TYPE_LABEL } from '@/lib/briefs/filter/chips';

// What the filter panel and the whole-facet page call a facet and show for its values.

/** As the chips name a facet, but for a panel heading ATT&CK says what the ids are. */
export const FACET_LABEL: Record<FacetName, string> = {
  ...FACET_LABELS,
  tactic: 'ATT&CK tactic',
  technique: 'ATT&CK technique',
};

export const toSeverityLabel = (v: string) => SEVERITY_LABEL[v as Severity] ?? v;
export const toTypeLabel = (v: string) => TYPE_LABEL[v as BriefType] ?? v;
export const toTacticLabel = (v: string) => resolveTactic(v)?.name ?? v;

const VALUE_LABEL: Partial<Record<FacetName, (value: string) => string>> = {
  severity: toSeverityLabel,
  type: toTypeLabel,
  tactic: toTacticLabel,
};

export function toFacetValueLabel(facet: FacetName, value: string): string {
  return VALUE_LABEL[facet]?.(value) ?? value;
}

/** The page listing a whole facet under a filter: the no-JavaScript way to every value. */
export function toFacetPageHref(facet: FacetName, listQuery: string, find = ''): string {
  const params = new URLSearchParams(listQuery);
  params.delete('page');
  if (find) params.set('find', find);
  const query = params.toString();
  return `/facets/${facet}${query ? `?${query}` : ''}`;
}
