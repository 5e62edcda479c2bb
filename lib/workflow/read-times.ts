import { z } from 'zod';
import { STORAGE_LIMITS } from './storage-keys';

// When each brief was marked read, so a brief that changed afterwards can say so ("Updated since
// you read it"). Kept beside the read list (triage.ts) under its own key: a read list written
// before this existed stays valid, and its briefs simply have no time.

const slugSchema = z.string().min(1).max(STORAGE_LIMITS.slug);

/** slug -> when it was marked read, least recently marked first. */
export const storedReadTimesSchema = z
  .record(slugSchema, z.iso.datetime())
  .refine((value) => Object.keys(value).length <= STORAGE_LIMITS.readSlugs, {
    message: 'too many briefs',
  });
export type ReadTimes = z.infer<typeof storedReadTimesSchema>;

export function setReadTime(times: ReadTimes, slug: string, isRead: boolean, now: Date): ReadTimes {
  const next = { ...times };
  delete next[slug];
  if (!isRead) return next;
  next[slug] = now.toISOString();
  const keys = Object.keys(next);
  for (const key of keys.slice(0, Math.max(0, keys.length - STORAGE_LIMITS.readSlugs)))
    delete next[key];
  return next;
}

/** A brief marked read at `readAt` whose change was first served after it. */
export function isUpdatedSinceRead(
  changed: { at: string } | undefined,
  readAt: string | undefined,
): boolean {
  if (!changed || !readAt) return false;
  return Date.parse(changed.at) > Date.parse(readAt);
}
