import { z } from 'zod';
import type { Validators } from '@/lib/feed/http-client';

// What the brief store saves beside its records (brief-store.ts, the `meta` table): which pages the
// last refresh kept and their briefs by key, with the validators; checked by schema when read.

// 3: bodies carry indicators and references.
export const STORE_FORMAT = 'brief-store/3';
export interface StoredPage {
  url: string;
  validators: Validators;
  nextUrl: string | null;
  /** The page's items in order: a brief by memo key and slug, or why the item was skipped. */
  entries: ({ key: string; slug: string } | { skip: string; name?: string })[];
}

export interface StoreState {
  format: typeof STORE_FORMAT;
  feedUrl: string;
  fetchedAt: string;
  savedAt: string;
  pages: StoredPage[];
  stix: { fetchedAt: string | null; reports: number; sha1: string | null };
}

export const stateSchema = z.object({
  format: z.literal(STORE_FORMAT),
  feedUrl: z.string(),
  fetchedAt: z.string(),
  savedAt: z.string(),
  pages: z.array(
    z.object({
      url: z.string(),
      validators: z.object({}).passthrough(),
      nextUrl: z.string().nullable(),
      entries: z.array(
        z.union([
          z.object({ key: z.string(), slug: z.string() }),
          z.object({ skip: z.string(), name: z.string().max(200).optional() }),
        ]),
      ),
    }),
  ),
  stix: z.object({
    fetchedAt: z.string().nullable(),
    reports: z.number(),
    sha1: z.string().nullable(),
  }),
});
