'use client';

import { useQueries } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { parseBriefFilter, filterToSearchParams } from '@/lib/briefs/filter/url';
import { STORAGE_LIMITS } from '@/lib/workflow/storage-keys';
import { watchlistView } from '@/lib/workflow/visits';
import {
  addWatchlist,
  deleteWatchlist,
  importWatchlists,
  renameWatchlist,
  toWatchlistFile,
  type Watchlist,
} from '@/lib/workflow/watchlists';
import { ListLink } from '@/components/ui/list-link';
import { useMounted } from '@/components/ui/use-mounted';
import { ClearDataButton } from './clear-data-button';
import { useRecordVisit, useViewWatchlist, useVisits, useWatchlists } from './use-workflow';

const SMALL_BUTTON =
  'border-line text-fg hover:border-accent hover:text-accent rounded border px-1.5 text-xs leading-5';
const BUTTON =
  'border-line-strong bg-surface hover:border-accent hover:text-accent inline-flex h-8 items-center rounded-md border px-2.5 text-sm font-medium';
const COUNTED_WATCHLISTS = 25;
const INPUT = 'border-line-strong bg-surface h-8 min-w-0 rounded-md border px-2 text-sm';

/** Briefs of a watchlist published or modified since its last visit (since= with one item). */
function newCountQuery(watchlist: Watchlist, baseline: string, pollSeconds: number) {
  const parsed = parseBriefFilter(new URLSearchParams(watchlist.query));
  const filter = parsed.ok ? parsed.filter : null;
  const params = filter && filterToSearchParams({ ...filter, since: baseline, pageSize: 1 });
  return {
    queryKey: ['watchlist-new', watchlist.query, baseline] as const,
    enabled: params !== null,
    // Less often than the pill: a watchlist's count is a summary, not the view being read.
    refetchInterval: pollSeconds * 5000,
    queryFn: async ({ signal }: { signal: AbortSignal }) => {
      const res = await fetch(`/api/briefs?${params}`, { signal });
      if (!res.ok) throw new Error(`the API answered ${res.status}`);
      return ((await res.json()) as { total: number }).total;
    },
  };
}

/** The reader's watchlists (kept in this browser), saving the current view, export and import. */
export function WatchlistPanel({
  filter,
  pollSeconds,
}: {
  filter: BriefFilter;
  pollSeconds: number;
}) {
  const mounted = useMounted();
  useRecordVisit(filter);
  const [watchlists, updateWatchlists] = useWatchlists();
  const [visits] = useVisits();
  const current = useViewWatchlist(filter);
  const [message, setMessage] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  // Counted for the first few only: each count is one small request per poll.
  const counts = useQueries({
    queries: watchlists
      .slice(0, COUNTED_WATCHLISTS)
      .map((w) =>
        newCountQuery(w, visits[watchlistView(w.id)]?.baseline ?? w.createdAt, pollSeconds),
      ),
  });
  if (!mounted) return null;

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '');
    let error: string | null = null;
    updateWatchlists((list) => {
      const result = addWatchlist(list, name, filter, new Date());
      if (!result.ok) {
        error = result.error;
        return list;
      }
      return result.watchlists;
    });
    setMessage(error ?? `Saved “${name.trim()}”`);
    if (!error) form.reset();
  }

  function rename(event: FormEvent<HTMLFormElement>, id: string) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '');
    let error: string | null = null;
    updateWatchlists((list) => {
      const result = renameWatchlist(list, id, name);
      if (!result.ok) error = result.error;
      return result.ok ? result.watchlists : list;
    });
    setMessage(error);
    if (!error) setRenaming(null);
  }

  function exportFile() {
    const blob = new Blob([JSON.stringify(toWatchlistFile(watchlists), null, 2)], {
      type: 'application/json',
    });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = 'craftedsignal-watchlists.json';
    link.click();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function importFile(file: File | undefined) {
    if (!file) return;
    if (file.size > 1024 * 1024) {
      setMessage('Import failed: the file is larger than 1 MB');
      return;
    }
    const text = await file.text();
    let outcome = '';
    updateWatchlists((list) => {
      const result = importWatchlists(list, text, new Date());
      if (!result.ok) {
        outcome = `Import failed: ${result.error}`;
        return list;
      }
      outcome = `Imported ${result.added} ${result.added === 1 ? 'watchlist' : 'watchlists'}${
        result.skipped ? `, ${result.skipped} already saved` : ''
      }`;
      return result.watchlists;
    });
    setMessage(outcome);
  }

  return (
    <section
      aria-labelledby="watchlists-heading"
      className="border-line bg-surface-muted mt-3 rounded-lg border px-3 py-2"
      data-testid="watchlists"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="watchlists-heading" className="text-sm font-semibold">
          My watchlists
        </h2>
        {current ? (
          <p className="text-sm">
            This view is your watchlist <strong>{current.name}</strong>.
          </p>
        ) : (
          <form onSubmit={save} className="flex flex-wrap items-center gap-2">
            <label htmlFor="watchlist-name" className="text-sm">
              Save this view as
            </label>
            <input
              id="watchlist-name"
              name="name"
              required
              maxLength={STORAGE_LIMITS.watchlistName}
              placeholder="e.g. Our VPNs"
              className={`${INPUT} w-40`}
            />
            <button type="submit" className={BUTTON}>
              Save as watchlist
            </button>
          </form>
        )}
      </div>
      {watchlists.length === 0 ? (
        <p className="text-fg-muted mt-1 text-sm">
          None yet. A watchlist remembers a view (say, your products) and counts what is new in it
          since your last look. It is kept in this browser only.
        </p>
      ) : (
        <ul className="mt-2 flex flex-wrap gap-2" aria-label="Watchlists">
          {watchlists.map((w, i) => {
            const count = counts[i]?.data;
            return (
              <li
                key={w.id}
                className="border-line bg-surface flex items-center gap-1.5 rounded-md border px-2 py-1 text-sm"
                data-testid="watchlist"
              >
                {renaming === w.id ? (
                  <form onSubmit={(e) => rename(e, w.id)} className="flex items-center gap-1">
                    <label htmlFor={`rename-${w.id}`} className="sr-only">
                      New name for {w.name}
                    </label>
                    <input
                      id={`rename-${w.id}`}
                      name="name"
                      defaultValue={w.name}
                      required
                      maxLength={STORAGE_LIMITS.watchlistName}
                      className={`${INPUT} h-6 w-32`}
                    />
                    <button type="submit" className={SMALL_BUTTON}>
                      Save
                    </button>
                    <button
                      type="button"
                      className={SMALL_BUTTON}
                      onClick={() => setRenaming(null)}
                    >
                      Cancel
                    </button>
                  </form>
                ) : (
                  <>
                    <ListLink
                      href={w.query ? `/?${w.query}` : '/'}
                      className="text-accent font-medium hover:underline"
                    >
                      {w.name}
                    </ListLink>
                    {count !== undefined && count > 0 && (
                      <span
                        className="rounded-full bg-emerald-700 px-1.5 text-[11px] leading-5 font-semibold text-white dark:bg-emerald-300 dark:text-emerald-950"
                        data-testid="watchlist-new-count"
                      >
                        {count} new
                      </span>
                    )}
                    <button
                      type="button"
                      className={SMALL_BUTTON}
                      aria-label={`Rename ${w.name}`}
                      onClick={() => setRenaming(w.id)}
                    >
                      Rename
                    </button>
                    <button
                      type="button"
                      className={SMALL_BUTTON}
                      aria-label={`Delete ${w.name}`}
                      onClick={() => updateWatchlists((list) => deleteWatchlist(list, w.id))}
                    >
                      Delete
                    </button>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
        {watchlists.length > 0 && (
          <button type="button" className={SMALL_BUTTON} onClick={exportFile}>
            Export watchlists
          </button>
        )}
        <label className={`${SMALL_BUTTON} cursor-pointer focus-within:ring-2`}>
          Import watchlists
          <input
            type="file"
            accept="application/json,.json"
            className="sr-only"
            data-testid="import-watchlists"
            onChange={(event) => {
              void importFile(event.currentTarget.files?.[0]);
              event.currentTarget.value = '';
            }}
          />
        </label>
        <ClearDataButton />
        <span role="status" aria-live="polite" className="text-fg-muted">
          {message}
        </span>
      </div>
    </section>
  );
}
