'use client';

import { useEffect, useRef, type ChangeEvent } from 'react';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { withPatch } from '@/lib/briefs/filter/edit';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function DateRange({
  filter,
  onChange,
  onInvalid,
}: {
  filter: BriefFilter;
  onChange: (next: BriefFilter) => void;
  onInvalid: (message: string) => void;
}) {
  const fromRef = useRef<HTMLInputElement>(null);
  const toRef = useRef<HTMLInputElement>(null);

  // Uncontrolled, so a half-typed date is not wiped; back/forward still bring the URL's dates back.
  useEffect(() => {
    if (fromRef.current && fromRef.current.value !== (filter.from ?? ''))
      fromRef.current.value = filter.from ?? '';
    if (toRef.current && toRef.current.value !== (filter.to ?? ''))
      toRef.current.value = filter.to ?? '';
  }, [filter.from, filter.to]);

  function handleChange(bound: 'from' | 'to') {
    return (event: ChangeEvent<HTMLInputElement>) => {
      const value = event.target.value;
      if (value !== '' && !DAY.test(value)) return;
      const next = { from: filter.from, to: filter.to, [bound]: value || null };
      if (next.from && next.to && next.from > next.to) {
        onInvalid('The start date must not be after the end date.');
        return;
      }
      if ((value || null) !== filter[bound])
        onChange(withPatch(filter, { [bound]: value || null }));
    };
  }

  const inputClass =
    'h-7 w-full min-w-0 rounded border border-line bg-surface px-1.5 text-xs tabular-nums [color-scheme:inherit]';
  return (
    <fieldset className="filter-group">
      <legend>Published</legend>
      <div className="clear-both grid grid-cols-2 gap-2">
        <label className="text-fg-muted text-xs">
          From
          <input
            ref={fromRef}
            type="date"
            name="from"
            defaultValue={filter.from ?? ''}
            max={filter.to ?? undefined}
            onChange={handleChange('from')}
            className={inputClass}
          />
        </label>
        <label className="text-fg-muted text-xs">
          To
          <input
            ref={toRef}
            type="date"
            name="to"
            defaultValue={filter.to ?? ''}
            min={filter.from ?? undefined}
            onChange={handleChange('to')}
            className={inputClass}
          />
        </label>
      </div>
    </fieldset>
  );
}
