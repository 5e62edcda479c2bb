import Link from 'next/link';
import type { FilterError } from '@/lib/briefs/filter-types';

export function InvalidFilter({ error, pathname }: { error: FilterError; pathname: string }) {
  return (
    <div
      role="alert"
      className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/60 dark:text-red-100"
    >
      <p className="font-semibold">This address holds a filter the dashboard cannot read.</p>
      <p className="mt-1">
        <code className="font-mono">{error.parameter}</code>{' '}
        {error.message.startsWith(`${error.parameter} `)
          ? error.message.slice(error.parameter.length + 1)
          : error.message}
      </p>
      <p className="mt-2">
        <Link href={pathname} prefetch={false} className="font-medium underline underline-offset-2">
          Start again without filters
        </Link>
      </p>
    </div>
  );
}
