'use client';

import { useEffect } from 'react';

import type { BriefFilter } from '@/lib/briefs/filter/types';
import { STORAGE_KEYS } from '@/lib/workflow/storage-keys';
import {
  storedChecklistSchema,
  storedHideReadSchema,
  storedReadSchema,
  type Checklist,
} from '@/lib/workflow/triage';
import {
  FEED_VIEW,
  storedVisitsSchema,
  watchlistView,
  withVisit,
  type Visits,
} from '@/lib/workflow/visits';
import {
  findWatchlistFor,
  storedWatchlistsSchema,
  type Watchlist,
} from '@/lib/workflow/watchlists';
import { storedReadTimesSchema, type ReadTimes } from '@/lib/workflow/read-times';
import { useStored } from './browser-storage';

// Stable fallbacks: useSyncExternalStore compares snapshots by identity.
const NO_WATCHLISTS: Watchlist[] = [];
const NO_VISITS: Visits = {};
const NO_READ: string[] = [];
const NO_CHECKLIST: Checklist = {};
const NO_READ_TIMES: ReadTimes = {};

export const useWatchlists = () =>
  useStored(STORAGE_KEYS.watchlists, storedWatchlistsSchema, NO_WATCHLISTS);
export const useVisits = () => useStored(STORAGE_KEYS.visits, storedVisitsSchema, NO_VISITS);
export const useReadSlugs = () => useStored(STORAGE_KEYS.read, storedReadSchema, NO_READ);
export const useReadTimes = () =>
  useStored(STORAGE_KEYS.readAt, storedReadTimesSchema, NO_READ_TIMES);
export const useHideRead = () => useStored(STORAGE_KEYS.hideRead, storedHideReadSchema, false);
export const useChecklist = () =>
  useStored(STORAGE_KEYS.checklist, storedChecklistSchema, NO_CHECKLIST);

/** The visit key of a view: its watchlist's when it is one, else the whole feed's. */
export function useViewWatchlist(filter: BriefFilter | null): Watchlist | undefined {
  const [watchlists] = useWatchlists();
  return filter ? findWatchlistFor(watchlists, filter) : undefined;
}

/** The "New" baseline of a view: its watchlist's last visit, else the whole feed's. */
export function useBaseline(filter: BriefFilter | null): string | null {
  const watchlist = useViewWatchlist(filter);
  const [visits] = useVisits();
  return visits[watchlist ? watchlistView(watchlist.id) : FEED_VIEW]?.baseline ?? null;
}

/** Records a look at the whole feed, and at the view's watchlist if it is one, once per mount. */
export function useRecordVisit(filter: BriefFilter | null): void {
  const watchlist = useViewWatchlist(filter);
  const [, updateVisits] = useVisits();
  const id = watchlist?.id;
  const createdAt = watchlist?.createdAt;
  useEffect(() => {
    const now = new Date();
    updateVisits((current) => {
      const next = withVisit(current, FEED_VIEW, now);
      return id ? withVisit(next, watchlistView(id), now, createdAt) : next;
    });
  }, [id, createdAt, updateVisits]);
}
