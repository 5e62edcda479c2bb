import Link from 'next/link';
import { connection } from 'next/server';

export default async function NotFound() {
  // Rendered per request, not prerendered: the page CSP's nonce only exists at request time,
  // and a prerendered 404 would carry scripts the browser then refuses.
  await connection();
  return (
    <section className="mx-auto mt-16 max-w-xl text-center">
      <p className="text-fg-muted font-mono text-sm">404</p>
      <h1 className="mt-1 text-xl font-semibold">Page not found</h1>
      <p className="text-fg-muted mt-2 text-sm">There is nothing at this address.</p>
      <p className="mt-5 text-sm">
        <Link href="/" className="text-accent font-medium underline underline-offset-2">
          Browse the latest briefs
        </Link>
      </p>
    </section>
  );
}
