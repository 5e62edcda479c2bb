import Link from 'next/link';
import type { ReactNode } from 'react';
import type { BriefFilter, FacetName } from '@/lib/briefs/filter/types';
import { withFacetValue, toListHref } from '@/lib/briefs/filter/edit';
import type { BriefListItem } from '@/lib/briefs/types';
import { ListLink } from '@/components/ui/list-link';
import { RelativeTime } from '@/components/ui/relative-time';
import { BriefRowMarks } from '@/components/workflow/brief-row-marks';
import { BriefSignalBadges } from '@/components/signals/signal-badges';
import { ExploitedBadge, PocBadge, SEVERITY_EDGE, SeverityBadge, TypeBadge } from './brief-badges';

const MAX_CHIPS = { entity: 4, technique: 4, tag: 5 };

/**
 * A chip's href, built once per filter and value: the rows of one list share a vendor or a tag
 * often, and each href is a whole canonical query string (a list page has hundreds of chips).
 */
const chipHrefs = new WeakMap<BriefFilter, Map<string, string>>();

function chipHrefOf(filter: BriefFilter, facet: FacetName, value: string): string {
  let hrefs = chipHrefs.get(filter);
  if (!hrefs) chipHrefs.set(filter, (hrefs = new Map()));
  const key = `${facet}:${value}`;
  let href = hrefs.get(key);
  if (href === undefined) hrefs.set(key, (href = toListHref(withFacetValue(filter, facet, value))));
  return href;
}

export function BriefRow({
  brief,
  filter,
  now,
}: {
  brief: BriefListItem;
  filter: BriefFilter;
  now: string;
}) {
  const edge = brief.severity ? SEVERITY_EDGE[brief.severity] : 'border-l-transparent';
  // Chips narrow the current view: clicking a tag adds it to the filters already applied.
  const chipHref = (facet: FacetName, value: string) => chipHrefOf(filter, facet, value);
  const entities = [
    ...brief.vendors.map((value) => ({ facet: 'vendor' as const, value })),
    ...brief.products.map((value) => ({ facet: 'product' as const, value })),
    ...brief.actors.map((value) => ({ facet: 'actor' as const, value })),
  ];

  return (
    <li>
      <article className={`brief-row ${edge}`}>
        <div>
          <SeverityBadge severity={brief.severity} titled={false} />
          <TypeBadge type={brief.type} titled={false} />
          <ExploitedBadge exploited={brief.exploited} />
          <PocBadge hasPoc={brief.hasPoc} />
          <BriefSignalBadges signals={brief.signals} />
          <BriefRowMarks brief={brief} filter={filter} />
          <RelativeTime iso={brief.date} now={now} />
        </div>
        <h3>
          <Link
            href={`/briefs/${encodeURIComponent(brief.slug)}`}
            prefetch={false}
            data-brief-link=""
          >
            {brief.title}
          </Link>
        </h3>
        {brief.summary && <p>{brief.summary}</p>}
        {(entities.length > 0 || brief.techniques.length > 0 || brief.tags.length > 0) && (
          <div role="group" aria-label="Related filters">
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
          </div>
        )}
      </article>
    </li>
  );
}

// A row's chips are most of the list's HTML: each kind is one list whose class (globals.css)
// styles its chips, and a chip has no title (the value is its text; the brief page's keep theirs).
const CHIP_CLASS = { entity: 'chips-entity', technique: 'chips-technique', tag: 'chips-tag' };

function ChipList({
  items,
  max,
  toHref,
  kind,
}: {
  items: { facet: FacetName; value: string }[];
  max: number;
  toHref: (facet: FacetName, value: string) => string;
  kind: keyof typeof CHIP_CLASS;
}) {
  if (items.length === 0) return null;
  const hidden = items.length - max;
  return (
    <ul className={CHIP_CLASS[kind]}>
      {items.slice(0, max).map(({ facet, value }) => (
        <li key={`${facet}:${value}`}>
          <ListLink href={toHref(facet, value)}>{kind === 'tag' ? `#${value}` : value}</ListLink>
        </li>
      ))}
      {hidden > 0 && <li>{`+${hidden}`}</li>}
    </ul>
  );
}

/** A value that links to the list filtered by it, on the brief page. */
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
    <ListLink href={href} title={`Show briefs with ${label}`} className={`chip ${className}`}>
      {children}
    </ListLink>
  );
}
