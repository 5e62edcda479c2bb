// The years a brief's date may fall in. A date outside (`9999-12-31T23:59:59-23:59`, which is
// year 10000 in UTC) is treated as missing: STIX and Atom readers refuse expanded years, and
// `since=` links built from one would answer 400.

export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;

/** Whether the moment `ms` (since the epoch) falls in MIN_YEAR..MAX_YEAR, in UTC. */
export function isInDateRange(ms: number): boolean {
  if (!Number.isFinite(ms)) return false;
  const year = new Date(ms).getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

export const DATE_RANGE_TEXT = `years ${MIN_YEAR} to ${MAX_YEAR}`;
