import 'server-only';
import type { SkipReason } from '@/lib/briefs/types';
import type { Validators } from '@/lib/feed/http-client';
import type { StoredPage } from './store-state';
import type { StoredEntry } from './stored-entries';

/** A crawled page as a refresh keeps it: its validators for the next crawl's 304, its entries. */
export interface PageRecord {
  url: string;
  validators: Validators;
  nextUrl: string | null;
  /** One per raw item of the page, in order: reused whole when the page answers 304. */
  entries: StoredEntry[];
}

/** The crawl's pages as the brief store saves them: briefs by key. */
export function toStoredPages(pages: readonly PageRecord[]): StoredPage[] {
  return pages.map((p) => ({
    url: p.url,
    validators: p.validators,
    nextUrl: p.nextUrl,
    entries: p.entries.map((e) =>
      'skip' in e
        ? { skip: e.skip, ...(e.name && { name: e.name }) }
        : { key: e.key, slug: e.brief.slug },
    ),
  }));
}

/**
 * Saved pages (the brief store's or a shared snapshot's) as a refresh keeps them: each brief
 * entry resolved by `resolve` (dropped when it gives null), each skip kept with its name.
 */
export function toPageRecords<S extends { slug: string }>(
  pages: readonly {
    url: string;
    validators: Validators;
    nextUrl: string | null;
    entries: readonly (S | { skip: string; name?: string })[];
  }[],
  resolve: (entry: S) => StoredEntry | null,
): PageRecord[] {
  return pages.map((page) => ({
    url: page.url,
    validators: page.validators,
    nextUrl: page.nextUrl,
    entries: page.entries.flatMap((e): StoredEntry[] => {
      if ('skip' in e) return [{ skip: e.skip as SkipReason, ...(e.name && { name: e.name }) }];
      const entry = resolve(e);
      return entry ? [entry] : [];
    }),
  }));
}
