'use client';

import Link from 'next/link';
import type { ComponentProps, MouseEvent } from 'react';
import { navigateList } from './navigate-list';

type Props = Omit<ComponentProps<typeof Link>, 'href' | 'prefetch'> & { href: string };

/**
 * A link to a filtered list. On the list itself a plain click only changes the URL (the client
 * re-queries the API); elsewhere it is an ordinary Next.js navigation.
 */
export function ListLink({ href, onClick, ...rest }: Props) {
  function handleClick(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (window.location.pathname !== new URL(href, window.location.href).pathname) return;
    event.preventDefault();
    navigateList(href);
  }
  return <Link href={href} prefetch={false} onClick={handleClick} {...rest} />;
}
