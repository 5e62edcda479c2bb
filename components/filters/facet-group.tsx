'use client';

import { useId, useState } from 'react';
import type { BriefFilter, FacetCount, FacetName } from '@/lib/briefs/filter/types';
import { isSameFacetValue } from '@/lib/briefs/filter/facet-keys';
import { isFacetValueSelected } from '@/lib/briefs/filter/edit';
import { formatNumber } from '@/components/ui/dates';
import { useMounted } from '@/components/ui/use-mounted';

const TOP = 10;
/** Past this many values the no-JS "show all" list stops; the facet search (JS) still finds the rest. */
const SHOW_ALL_LIMIT = 300;
const SEARCH_LIMIT = 50;

interface Props {
  facet: FacetName;
  label: string;
  counts: FacetCount[];
  filter: BriefFilter;
  /** Canonical order (severity, type, tactic); otherwise the counts' order (most frequent first). */
  order?: readonly string[];
  toLabel?: (value: string) => string;
  mono?: boolean;
  onToggle: (facet: FacetName, value: string) => void;
}

export function FacetGroup({
  facet,
  label,
  counts,
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

  const needle = term.trim().toLowerCase();
  const searchable = mounted && items.length > TOP + 2;
  let visible: FacetCount[];
  let rest: FacetCount[] = [];
  let noMatch = false;
  if (searchable && needle) {
    const matches = items.filter(
      (item) => !isSelected(item.value) && toLabel(item.value).toLowerCase().includes(needle),
    );
    noMatch = matches.length === 0;
    visible = [
      ...items.filter((item) => isSelected(item.value)),
      ...matches.slice(0, SEARCH_LIMIT),
    ];
  } else if (items.length <= TOP + 2) {
    visible = items;
  } else {
    visible = items.filter((item, i) => i < TOP || isSelected(item.value));
    rest = items.filter((item, i) => i >= TOP && !isSelected(item.value));
  }

  return (
    <fieldset className="border-line border-t pt-3 pb-1">
      <legend className="text-fg-muted float-left mb-1.5 w-full text-xs font-semibold tracking-wide uppercase">
        {label}
      </legend>
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
            placeholder={`Find among ${formatNumber(items.length)}…`}
            autoComplete="off"
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
      {rest.length > 0 && (
        <details className="group mt-0.5">
          <summary className="text-accent cursor-pointer py-1 text-xs font-medium select-none">
            <span className="group-open:hidden">Show all {formatNumber(items.length)}</span>
            <span className="hidden group-open:inline">Show fewer</span>
          </summary>
          <ul className="space-y-px">{rest.slice(0, SHOW_ALL_LIMIT).map(renderItem)}</ul>
          {rest.length > SHOW_ALL_LIMIT && (
            <p className="text-fg-muted py-1 text-xs">
              {formatNumber(rest.length - SHOW_ALL_LIMIT)} rarer values not listed
              {mounted ? ': use the find box above.' : '.'}
            </p>
          )}
        </details>
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
      <label className="hover:bg-surface-muted flex cursor-pointer items-center gap-2 rounded px-1 py-[3px] text-[13px] has-checked:font-medium">
        <input
          type="checkbox"
          name={facet}
          value={item.value}
          checked={checked}
          onChange={() => onToggle(facet, item.value)}
          className="size-3.5 shrink-0 accent-(--accent)"
        />
        <span
          className={`min-w-0 flex-1 truncate ${mono ? 'font-mono text-xs' : ''}`}
          title={label}
        >
          {label}
        </span>
        <span className="text-fg-muted shrink-0 text-xs tabular-nums">
          {formatNumber(item.count)}
        </span>
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
