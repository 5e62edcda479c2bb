'use client';

import Link from 'next/link';

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <section className="mx-auto mt-16 max-w-xl text-center">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="text-fg-muted mt-2 text-sm">
        The briefs could not be shown. {error.digest ? `(Reference ${error.digest})` : ''}
      </p>
      <div className="mt-5 flex justify-center gap-3 text-sm">
        <button
          type="button"
          onClick={reset}
          className="bg-accent text-surface rounded-md px-3 py-1.5 font-semibold"
        >
          Try again
        </button>
        <Link href="/" className="border-line-strong rounded-md border px-3 py-1.5">
          All briefs
        </Link>
      </div>
    </section>
  );
}
