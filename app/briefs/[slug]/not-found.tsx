import Link from 'next/link';

export default function BriefNotFound() {
  return (
    <section className="mx-auto mt-16 max-w-xl text-center">
      <p className="text-fg-muted font-mono text-sm">404</p>
      <h1 className="mt-1 text-xl font-semibold">Brief not found</h1>
      <p className="text-fg-muted mt-2 text-sm">
        No brief has this address. It may have been removed from the feed, or the link is mistyped.
      </p>
      <p className="mt-5 text-sm">
        <Link href="/" className="text-accent font-medium underline underline-offset-2">
          Browse the latest briefs
        </Link>
      </p>
    </section>
  );
}
