'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const pathname = usePathname();
  const current =
    href === '/'
      ? pathname === '/' || pathname.startsWith('/briefs/')
      : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={current ? 'page' : undefined}
      className="text-fg-muted hover:text-fg aria-[current=page]:text-fg rounded px-1 py-0.5 aria-[current=page]:font-medium"
    >
      {children}
    </Link>
  );
}
