import Link from 'next/link';
import type { ReactNode } from 'react';
import type { BriefFilter, FacetName } from '@/lib/briefs/filter/types';
import { withFacetValue, toListHref } from '@/lib/briefs/filter/edit';
import type { BriefSummary } from '@/lib/briefs/types';
import { ListLink } from '@/components/ui/list-link';
import { RelativeTime } from '@/components/ui/relative-time';
import { BriefRowMarks } from '@/components/workflow/brief-row-marks';
import { ExploitedBadge, PocBadge, SEVERITY_EDGE, SeverityBadge, TypeBadge } from './brief-badges';

const MAX_CHIPS = { entity: 4, technique: 4, tag: 5 };

export function BriefRow({
  brief,
  filter,
  now,
}: {
  brief: BriefSummary;
  filter: BriefFilter;
  now: string;
}) {
  const edge = brief.severity ? SEVERITY_EDGE[brief.severity] : 'border-l-transparent';
  // Chips narrow the current view: clicking a tag adds it to the filters already applied.
  const chipHref = (facet: FacetName, value: string) =>
    toListHref(withFacetValue(filter, facet, value));
  const entities = [
    ...brief.vendors.map((value) => ({ facet: 'vendor' as const, value })),
    ...brief.products.map((value) => ({ facet: 'product' as const, value })),
    ...brief.actors.map((value) => ({ facet: 'actor' as const, value })),
  ];

  return (
    <li className="has-[[data-hidden-read]]:hidden">
      <article
        className={`border-b-line border-b border-l-[3px] ${edge} focus-within:bg-accent-soft hover:bg-surface-muted py-2.5 pr-2 pl-3 transition-colors`}
      >
        <div className="flex flex-wrap items-center gap-1.5">
          <SeverityBadge severity={brief.severity} />
          <TypeBadge type={brief.type} />
          <ExploitedBadge exploited={brief.exploited} />
          <PocBadge hasPoc={brief.hasPoc} />
          <BriefRowMarks brief={brief} filter={filter} />
          <RelativeTime
            iso={brief.date}
            now={now}
            className="text-fg-muted ml-auto pl-2 text-xs whitespace-nowrap tabular-nums"
          />
        </div>
        <h3 className="mt-1 text-[15px] leading-snug font-semibold">
          <Link
            href={`/briefs/${encodeURIComponent(brief.slug)}`}
            prefetch={false}
            data-brief-link=""
            className="hover:text-accent hover:underline focus-visible:underline"
          >
            {brief.title}
          </Link>
        </h3>
        {brief.summary && (
          <p className="text-fg-muted mt-0.5 line-clamp-2 text-[13px] leading-snug">
            {brief.summary}
          </p>
        )}
        {(entities.length > 0 || brief.techniques.length > 0 || brief.tags.length > 0) && (
          <ul className="mt-1.5 flex flex-wrap items-center gap-1" aria-label="Related filters">
            <ChipList items={entities} max={MAX_CHIPS.entity} toHref={chipHref} kind="entity" />
            <ChipList
              items={brief.techniques.map((value) => ({ facet: 'technique' as const, value }))}
              max={MAX_CHIPS.technique}
              toHref={chipHref}
              kind="technique"
            />
            <ChipList
              items={brief.tags.map((value) => ({ facet: 'tag' as const, value }))}
              max={MAX_CHIPS.tag}
              toHref={chipHref}
              kind="tag"
            />
          </ul>
        )}
      </article>
    </li>
  );
}

const CHIP_STYLE = {
  entity: 'font-medium text-fg',
  technique: 'font-mono text-[11px] text-fg',
  tag: 'text-fg-muted',
};

function ChipList({
  items,
  max,
  toHref,
  kind,
}: {
  items: { facet: FacetName; value: string }[];
  max: number;
  toHref: (facet: FacetName, value: string) => string;
  kind: keyof typeof CHIP_STYLE;
}) {
  if (items.length === 0) return null;
  const hidden = items.length - max;
  return (
    <>
      {items.slice(0, max).map(({ facet, value }) => (
        <li key={`${facet}:${value}`}>
          <FilterChip
            href={toHref(facet, value)}
            label={`${facet}: ${value}`}
            className={CHIP_STYLE[kind]}
          >
            {kind === 'tag' ? `#${value}` : value}
          </FilterChip>
        </li>
      ))}
      {hidden > 0 && <li className="text-fg-muted px-0.5 text-[11px]">+{hidden}</li>}
    </>
  );
}

/** A value that links to the list filtered by it; used in rows and on the brief page. */
export function FilterChip({
  href,
  label,
  className = '',
  children,
}: {
  href: string;
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <ListLink
      href={href}
      title={`Show briefs with ${label}`}
      className={`border-line bg-surface-muted hover:border-accent hover:text-accent inline-block max-w-[16rem] truncate rounded border px-1.5 text-xs leading-5 ${className}`}
    >
      {children}
    </ListLink>
  );
}
