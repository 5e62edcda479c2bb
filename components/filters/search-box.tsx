'use client';

import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { toListHref } from '@/lib/briefs/filter/edit';
import { navigateList } from '@/components/ui/navigate-list';
import { useMounted } from '@/components/ui/use-mounted';
import { FILTER_FORM_ID, SEARCH_INPUT_ID } from './form-id';

const DEBOUNCE_MS = 300;

/**
 * Uncontrolled so typing never fights the URL: after a pause it replaces the URL (no history entry
 * per keystroke); when the URL changes from elsewhere (back/forward, a removed chip) it follows.
 */
export function SearchBox({ filter }: { filter: BriefFilter }) {
  const mounted = useMounted();
  const inputRef = useRef<HTMLInputElement>(null);
  const timer = useRef<number | undefined>(undefined);
  const latestFilter = useRef(filter);
  const committed = useRef(filter.q);

  useEffect(() => {
    latestFilter.current = filter;
  }, [filter]);

  useEffect(() => {
    const input = inputRef.current;
    if (input && filter.q !== committed.current && input.value.trim() !== filter.q)
      input.value = filter.q;
    committed.current = filter.q;
  }, [filter.q]);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  function commit(value: string) {
    window.clearTimeout(timer.current);
    committed.current = value.trim();
    navigateList(toListHref(latestFilter.current, { q: value.trim() }), { replace: true });
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.currentTarget.value = '';
    commit('');
  }

  return (
    <div className="relative min-w-0 flex-1">
      <label htmlFor={SEARCH_INPUT_ID} className="sr-only">
        Search briefs
      </label>
      <svg
        aria-hidden="true"
        viewBox="0 0 20 20"
        className="text-fg-muted pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 fill-none stroke-current"
        strokeWidth="2"
      >
        <circle cx="8.5" cy="8.5" r="5.5" />
        <path d="M13 13l4 4" strokeLinecap="round" />
      </svg>
      <input
        ref={inputRef}
        id={SEARCH_INPUT_ID}
        type="search"
        name="q"
        form={FILTER_FORM_ID}
        defaultValue={filter.q}
        placeholder="Search titles, summaries, CVEs, actors…"
        autoComplete="off"
        spellCheck={false}
        aria-keyshortcuts="/"
        onChange={(e) => {
          const value = e.target.value;
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => commit(value), DEBOUNCE_MS);
        }}
        onKeyDown={onKeyDown}
        className="border-line-strong bg-surface placeholder:text-fg-muted h-9 w-full rounded-md border pr-9 pl-8 text-sm [&::-webkit-search-cancel-button]:hidden"
      />
      {mounted && (
        <kbd
          aria-hidden="true"
          className="border-line bg-surface-muted text-fg-muted pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded border px-1.5 font-mono text-[11px]"
        >
          /
        </kbd>
      )}
    </div>
  );
}
