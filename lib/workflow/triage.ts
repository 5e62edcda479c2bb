import { z } from 'zod';
import { STORAGE_LIMITS } from './storage-keys';

// Triage state: which briefs the reader has read, and which recommendations of a brief they have
// ticked. Kept per slug; the oldest entries go first when a cap is reached.

const slugSchema = z.string().min(1).max(STORAGE_LIMITS.slug);

/** Slugs in the order they were marked read (oldest first). */
export const storedReadSchema = z.array(slugSchema).max(STORAGE_LIMITS.readSlugs);
export const storedHideReadSchema = z.boolean();

/** slug -> indexes of the ticked recommendations. */
export const storedChecklistSchema = z
  .record(
    slugSchema,
    z
      .array(z.number().int().min(0).max(STORAGE_LIMITS.checklistItems))
      .max(STORAGE_LIMITS.checklistItems),
  )
  .refine((value) => Object.keys(value).length <= STORAGE_LIMITS.checklistBriefs, {
    message: 'too many briefs',
  });
export type Checklist = z.infer<typeof storedChecklistSchema>;

export function setRead(read: readonly string[], slug: string, isRead: boolean): string[] {
  const without = read.filter((s) => s !== slug);
  if (!isRead) return without;
  without.push(slug);
  return without.slice(-STORAGE_LIMITS.readSlugs);
}

export function setTicked(
  checklist: Checklist,
  slug: string,
  index: number,
  ticked: boolean,
): Checklist {
  // Slugs are upstream text: `constructor` or `__proto__` must be keys like any other.
  const current = ticksOf(checklist, slug);
  const items = ticked
    ? [...new Set([...current, index])].sort((a, b) => a - b)
    : current.filter((i) => i !== index);
  const entries = Object.entries(checklist).filter(([key]) => key !== slug);
  // Re-inserted last, so the object's key order is least recently touched first.
  if (items.length > 0) entries.push([slug, items]);
  return Object.fromEntries(
    entries.slice(Math.max(0, entries.length - STORAGE_LIMITS.checklistBriefs)),
  );
}

/** The ticked items of a brief: its own entry only, never an Object.prototype member. */
export function ticksOf(checklist: Checklist, slug: string): number[] {
  return Object.hasOwn(checklist, slug) ? (checklist[slug] ?? []) : [];
}
