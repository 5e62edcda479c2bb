import { z } from 'zod';

// "New since your last visit". Per view (the whole feed, or a watchlist) the browser keeps when
// the reader's current session began and when the previous one did. A visit within SESSION_GAP of
// the last one continues the session, so reloading does not clear the "New" markers; a later one
// starts a new session whose baseline is the previous session's last look.

export const SESSION_GAP_MS = 30 * 60_000;
export const FEED_VIEW = 'feed';
const MAX_VIEWS = 200;

export const visitSchema = z.object({
  /** Briefs published or modified after this are new; the last look of the previous session. */
  baseline: z.iso.datetime(),
  /** The last look of the current session. */
  last: z.iso.datetime(),
});
export type Visit = z.infer<typeof visitSchema>;

export const storedVisitsSchema = z
  .record(z.string().max(60), visitSchema)
  .refine((visits) => Object.keys(visits).length <= MAX_VIEWS, { message: 'too many views' });
export type Visits = z.infer<typeof storedVisitsSchema>;

export const watchlistView = (id: string) => `watchlist:${id}`;

/**
 * The view's visit after a look at `now`. A first look's baseline is `firstBaseline` (a
 * watchlist's creation) or now: nothing is new yet.
 */
export function recordVisit(previous: Visit | undefined, now: Date, firstBaseline?: string): Visit {
  const at = now.toISOString();
  if (!previous) return { baseline: firstBaseline ?? at, last: at };
  const gap = now.getTime() - Date.parse(previous.last);
  return gap > SESSION_GAP_MS ? { baseline: previous.last, last: at } : { ...previous, last: at };
}

export function withVisit(visits: Visits, view: string, now: Date, firstBaseline?: string): Visits {
  const next = { ...visits, [view]: recordVisit(visits[view], now, firstBaseline) };
  const keys = Object.keys(next);
  if (keys.length > MAX_VIEWS) {
    // Forget the views looked at longest ago.
    keys.sort((a, b) => Date.parse(next[a]!.last) - Date.parse(next[b]!.last));
    for (const key of keys.slice(0, keys.length - MAX_VIEWS)) delete next[key];
  }
  return next;
}

/** Whether a brief is new against a baseline: published or modified after it. */
export function isNewSince(
  brief: { date: string; modified?: string | null },
  baseline: string | null,
): boolean {
  if (!baseline) return false;
  const since = Date.parse(baseline);
  const times = [brief.date, brief.modified].map((d) => (d ? Date.parse(d) : NaN));
  return times.some((t) => t > since);
}
