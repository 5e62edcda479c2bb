// Everything the browser keeps lives under one prefix, so "Clear my data" removes exactly this.
export const STORAGE_PREFIX = 'cs-briefs.v1.';

export const STORAGE_KEYS = {
  watchlists: `${STORAGE_PREFIX}watchlists`,
  visits: `${STORAGE_PREFIX}visits`,
  read: `${STORAGE_PREFIX}read`,
  readAt: `${STORAGE_PREFIX}read-at`,
  hideRead: `${STORAGE_PREFIX}hide-read`,
  checklist: `${STORAGE_PREFIX}checklist`,
  coverage: `${STORAGE_PREFIX}coverage`,
} as const;

export type StorageKey = (typeof STORAGE_KEYS)[keyof typeof STORAGE_KEYS];

/** Caps on what is kept: localStorage holds about 5 MB per origin. */
export const STORAGE_LIMITS = {
  watchlists: 100,
  watchlistName: 80,
  watchlistQuery: 4000,
  readSlugs: 5000,
  checklistBriefs: 1000,
  checklistItems: 200,
  slug: 300,
  coverageTechniques: 5000,
} as const;
