import Link from 'next/link';
import type { FilterError } from '@/lib/briefs/filter/types';
import { labelsOf, type FilteredPage } from '@/lib/briefs/filter/page-filter';

/**
 * A bad query string is the reader's to fix: say which parameter and offer the way back to the
 * same page without filters. A page's first load with a bad filter is answered by the proxy
 * (lib/pages/filter-error-page.ts, HTTP 400); this panel covers the rest, such as the list
 * re-querying the API after the URL changed in place.
 */
export function FilterErrorPanel({
  error,
  page = '/',
}: {
  error: FilterError;
  page?: FilteredPage;
}) {
  return (
    <section
      role="alert"
      aria-labelledby="filter-error-heading"
      className="mt-4 max-w-2xl rounded-lg border border-red-300 bg-red-50 p-4 dark:border-red-900 dark:bg-red-950/40"
    >
      <h2 id="filter-error-heading" className="font-semibold text-red-800 dark:text-red-200">
        This link has an invalid filter: <code className="font-mono">{error.parameter}</code>
      </h2>
      <p className="mt-1 text-sm text-red-900 dark:text-red-100">{error.message}</p>
      <p className="mt-3 text-sm">
        <Link
          href={page}
          prefetch={false}
          className="text-accent font-medium underline underline-offset-2"
        >
          {labelsOf(page).resetLabel}
        </Link>
      </p>
    </section>
  );
}
