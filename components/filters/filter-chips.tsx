import Link from 'next/link';
import type { ComponentType, ReactNode } from 'react';
import type { ActiveFilterChip } from '@/lib/briefs/filter/chips';

interface ChipLinkProps {
  href: string;
  className?: string;
  'aria-label'?: string;
  children: ReactNode;
}

function PlainLink(props: ChipLinkProps) {
  return <Link prefetch={false} {...props} />;
}

/**
 * Active filters as removable chips plus "Clear all". No client directive: the list renders it
 * with its client-side ListLink, the matrix and trends on the server with plain links.
 */
export function FilterChips({
  chips,
  clearHref,
  as: ChipLinkAs = PlainLink,
}: {
  chips: readonly ActiveFilterChip[];
  clearHref: string;
  as?: ComponentType<ChipLinkProps>;
}) {
  return (
    <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Active filters">
      <ul className="contents">
        {chips.map((chip) => (
          <li key={`${chip.facet}:${chip.value}`}>
            <ChipLinkAs
              href={chip.href}
              aria-label={`Remove filter ${chip.label}`}
              className="border-accent/40 bg-accent-soft text-fg hover:border-accent inline-flex max-w-[22rem] items-center gap-1 rounded-full border py-0.5 pr-1.5 pl-2.5 text-xs font-medium"
            >
              <span className="truncate">{chip.label}</span>
              <span aria-hidden="true" className="text-fg-muted text-sm leading-none">
                ×
              </span>
            </ChipLinkAs>
          </li>
        ))}
      </ul>
      <ChipLinkAs
        href={clearHref}
        className="text-accent px-1 text-xs font-medium underline-offset-2 hover:underline"
      >
        Clear all
      </ChipLinkAs>
    </div>
  );
}
