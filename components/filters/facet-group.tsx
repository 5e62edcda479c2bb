'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import {
  FACET_TOP_VALUES,
  type BriefFilter,
  type FacetCount,
  type FacetName,
} from '@/lib/briefs/filter/types';
import { isSameFacetValue } from '@/lib/briefs/filter/facet-keys';
import { isFacetValueSelected } from '@/lib/briefs/filter/edit';
import { toQueryString } from '@/lib/briefs/filter/url';
import { facetValuesQuery } from '@/lib/queries/briefs';
import { PANEL_TOP_VALUES, PANEL_WHOLE_UP_TO } from '@/lib/queries/list-view';
import { formatNumber } from '@/components/ui/numbers';
import { useMounted } from '@/components/ui/use-mounted';
import { FacetMore } from './facet-more';
import { toFacetPageHref } from './facet-labels';

const TOP = PANEL_TOP_VALUES;
const SEARCH_LIMIT = 50;
/** A label longer than this may be cut off in the sidebar: it carries its whole text as a title. */
const MAY_TRUNCATE = 20;
/** Typing pauses this long before the facet search asks the server. */
const FIND_DELAY_MS = 200;

interface Props {
  facet: FacetName;
  label: string;
  /** The facet's top values as the list keeps them (toListView), selected ones included. */
  counts: FacetCount[];
  /** How many values the facet has under this filter: more than `counts` when it was cut. */
  total: number;
  filter: BriefFilter;
  /** Canonical order (severity, type, tactic); otherwise the counts' order (most frequent first). */
  order?: readonly string[];
  toLabel?: (value: string) => string;
  mono?: boolean;
  onToggle: (facet: FacetName, value: string) => void;
}

/** `value` once it has stopped changing for `delayMs`. */
function useSettled(value: string, delayMs: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

export function FacetGroup({
  facet,
  label,
  counts,
  total,
  filter,
  order,
  toLabel = (v) => v,
  mono,
  onToggle,
}: Props) {
  const mounted = useMounted();
  const [term, setTerm] = useState('');
  const searchId = useId();

  const isSelected = (value: string) => isFacetValueSelected(filter, facet, value);
  const items = withSelected(sortBy(counts, order), filter[facet]);
  // The list cut this facet: the rest is on the server ("Show more", find box, whole-facet page).
  const cut = total > counts.length;
  const listQuery = toQueryString({ ...filter, page: 1 });
  const needle = term.trim().toLowerCase();
  const settled = useSettled(needle, FIND_DELAY_MS);
  const remote = useQuery({
    ...facetValuesQuery(facet, listQuery, settled, SEARCH_LIMIT + filter[facet].length),
    enabled: mounted && cut && settled !== '',
  });
  if (items.length === 0) return null;

  const renderItem = (item: FacetCount) => (
    <FacetOption
      key={item.value}
      facet={facet}
      item={item}
      label={toLabel(item.value)}
      checked={isSelected(item.value)}
      mono={mono}
      onToggle={onToggle}
    />
  );

  const searchable = mounted && (cut || items.length > PANEL_WHOLE_UP_TO);
  let visible: FacetCount[];
  let rest: FacetCount[] = [];
  let noMatch = false;
  let moreMatches = 0;
  if (searchable && needle) {
    const source = cut ? (remote.data?.values ?? []) : items;
    const matches = source.filter(
      (item) => !isSelected(item.value) && toLabel(item.value).toLowerCase().includes(needle),
    );
    const waiting = cut && (settled !== needle || remote.isFetching);
    noMatch = matches.length === 0 && !waiting;
    if (cut && remote.data && settled === needle) {
      moreMatches = Math.max(0, remote.data.total - remote.data.values.length);
    }
    visible = [
      ...items.filter((item) => isSelected(item.value)),
      ...matches.slice(0, SEARCH_LIMIT),
    ];
  } else if (cut || items.length <= PANEL_WHOLE_UP_TO) {
    visible = items;
  } else {
    visible = items.filter((item, i) => i < TOP || isSelected(item.value));
    rest = items.filter((item, i) => i >= TOP && !isSelected(item.value));
  }
  const wholeFacet = toFacetPageHref(facet, listQuery, needle && cut ? term.trim() : '');

  return (
    <fieldset className="filter-group" data-facet={facet}>
      <legend>{label}</legend>
      {searchable && (
        <div className="clear-both mb-1.5">
          <label htmlFor={searchId} className="sr-only">
            Find a {label.toLowerCase()}
          </label>
          <input
            id={searchId}
            type="search"
            value={term}
            onChange={(e) => setTerm(e.target.value)}
            placeholder={`Find among ${formatNumber(Math.max(total, items.length))}…`}
            autoComplete="off"
            maxLength={200}
            className="border-line bg-surface placeholder:text-fg-muted h-7 w-full rounded border px-2 text-xs"
          />
        </div>
      )}
      <ul className="clear-both space-y-px">{visible.map(renderItem)}</ul>
      {noMatch && (
        <p className="text-fg-muted py-1 text-xs">
          No {label.toLowerCase()} matches “{term.trim()}”.
        </p>
      )}
      {remote.isError && needle && (
        <p role="alert" className="py-1 text-xs text-red-700 dark:text-red-300">
          Could not search the {label.toLowerCase()} list.
        </p>
      )}
      {cut && mounted && !needle && (
        <FacetMore
          facet={facet}
          listQuery={listQuery}
          shown={items}
          limit={FACET_TOP_VALUES + filter[facet].length}
          renderItem={renderItem}
        />
      )}
      {rest.length > 0 && (
        <details className="group mt-0.5">
          <summary className="text-accent cursor-pointer py-1 text-xs font-medium select-none">
            <span className="group-open:hidden">Show all {formatNumber(items.length)}</span>
            <span className="hidden group-open:inline">Show fewer</span>
          </summary>
          <ul className="space-y-px">{rest.map(renderItem)}</ul>
        </details>
      )}
      {(cut || moreMatches > 0) && (
        <a
          href={wholeFacet}
          className="text-accent block py-1 text-xs font-medium"
          data-testid="facet-all-link"
        >
          {moreMatches > 0
            ? `${formatNumber(moreMatches)} more matches`
            : `All ${formatNumber(total)} ${label.toLowerCase()} values`}
        </a>
      )}
    </fieldset>
  );
}

function FacetOption({
  facet,
  item,
  label,
  checked,
  mono,
  onToggle,
}: {
  facet: FacetName;
  item: FacetCount;
  label: string;
  checked: boolean;
  mono?: boolean;
  onToggle: (facet: FacetName, value: string) => void;
}) {
  return (
    <li>
      <label className="facet-option">
        <input
          type="checkbox"
          name={facet}
          value={item.value}
          checked={checked}
          onChange={() => onToggle(facet, item.value)}
        />
        <span
          className={mono ? 'font-mono text-xs' : undefined}
          title={label.length > MAY_TRUNCATE ? label : undefined}
        >
          {label}
        </span>
        <span>{formatNumber(item.count)}</span>
      </label>
    </li>
  );
}

function sortBy(counts: FacetCount[], order?: readonly string[]): FacetCount[] {
  if (!order) return counts;
  const rank = (value: string) => {
    const i = order.indexOf(value);
    return i === -1 ? order.length : i;
  };
  return [...counts].sort((a, b) => rank(a.value) - rank(b.value));
}

/** Selected values the counts do not list (no match in this result set) still get a checked box. */
function withSelected(items: FacetCount[], selected: string[]): FacetCount[] {
  const missing = selected.filter(
    (value) => !items.some((item) => isSameFacetValue(value, item.value)),
  );
  return missing.length ? [...missing.map((value) => ({ value, count: 0 })), ...items] : items;
}
