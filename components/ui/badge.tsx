import type { ReactNode } from 'react';

export function Badge({
  className,
  children,
  title,
}: {
  className: string;
  children: ReactNode;
  title?: string;
}) {
  return (
    <span
      title={title}
      className={`inline-flex shrink-0 items-center rounded-[3px] px-1.5 text-[11px] leading-[18px] font-semibold tracking-wide whitespace-nowrap uppercase ${className}`}
    >
      {children}
    </span>
  );
}
