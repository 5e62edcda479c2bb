// Deterministic formatting (UTC, English) so the server and the browser render the same text
// and hydration never sees a mismatch.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number) => String(n).padStart(2, '0');

function toDate(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `12 Mar 2025` */
export function formatDate(iso: string): string {
  const d = toDate(iso);
  if (!d) return iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** `12 Mar 2025, 14:03 UTC` */
export function formatDateTime(iso: string): string {
  const d = toDate(iso);
  if (!d) return iso;
  return `${formatDate(iso)}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

const UNITS: [limit: number, seconds: number, unit: string][] = [
  [3600, 60, 'min'],
  [86_400, 3600, 'h'],
];

/** `5 min ago`, `3 h ago`, `yesterday`, `4 days ago`; the date itself beyond four weeks. */
export function formatRelative(iso: string, nowIso: string): string {
  const d = toDate(iso);
  const now = toDate(nowIso);
  if (!d || !now) return iso;
  const seconds = Math.round((now.getTime() - d.getTime()) / 1000);
  if (seconds < -60) return formatDate(iso);
  if (seconds < 60) return 'just now';
  for (const [limit, size, unit] of UNITS) {
    if (seconds < limit) return `${Math.floor(seconds / size)} ${unit} ago`;
  }
  const days = Math.floor(seconds / 86_400);
  if (days === 1) return 'yesterday';
  if (days < 28) return `${days} days ago`;
  return formatDate(iso);
}

/** The `now` the list renders relative dates against; computed once on the server per request. */
export function getRenderTime(): string {
  return new Date().toISOString();
}
