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
    <span title={title} className={`badge ${className}`}>
      {children}
    </span>
  );
}
