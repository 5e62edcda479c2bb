import Link from 'next/link';
import type { ReactNode } from 'react';
import type { AttackMatrix, MatrixCell, MatrixSubtechnique } from '@/lib/briefs/attack/matrix';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { toListHref, withFacetValue } from '@/lib/briefs/filter/edit';
import { formatNumber } from '@/components/ui/numbers';
import { SHADE_CLASS } from './shades';

// The matrix as plain server-rendered HTML: every cell is a link to the list filtered by its
// technique, sub-techniques fold into a <details>, and the tooltip is CSS (shown on hover and on
// keyboard focus), so all of it works without JavaScript.

const briefs = (n: number) => `${formatNumber(n)} ${n === 1 ? 'brief' : 'briefs'}`;

/**
 * Tooltips open towards the inside of the matrix, so they stay on screen: the grid has 1, 2, 7
 * or 14 columns by breakpoint, and a column's side differs at each.
 */
function tooltipSide(column: number): string {
  const classes = ['left-0'];
  classes.push(column % 2 === 1 ? 'sm:left-auto sm:right-0' : 'sm:left-0 sm:right-auto');
  classes.push(column % 7 >= 4 ? 'lg:left-auto lg:right-0' : 'lg:left-0 lg:right-auto');
  classes.push(column >= 7 ? 'xl:left-auto xl:right-0' : 'xl:left-0 xl:right-auto');
  return classes.join(' ');
}

function Tooltip({ side, children }: { side: string; children: ReactNode }) {
  return (
    <span
      aria-hidden="true"
      className={`bg-fg text-surface pointer-events-none absolute top-full z-30 mt-1 hidden w-60 rounded-md px-2.5 py-2 text-xs leading-snug font-normal shadow-lg peer-hover:block peer-focus-visible:block ${side}`}
    >
      {children}
    </span>
  );
}

function SubtechniqueItem({
  sub,
  filter,
  side,
}: {
  sub: MatrixSubtechnique;
  filter: BriefFilter;
  side: string;
}) {
  const name = sub.name ?? 'Unnamed sub-technique';
  return (
    <li className="relative" data-subtechnique={sub.id} data-count={sub.count}>
      <Link
        href={toListHref(withFacetValue(filter, 'technique', sub.id))}
        prefetch={false}
        aria-label={`${sub.id} ${name}: ${briefs(sub.count)}`}
        className={`peer flex items-baseline gap-1 rounded px-1.5 py-1 text-[11px] leading-tight hover:underline ${SHADE_CLASS[sub.shade]}`}
      >
        <span className="min-w-0 flex-1">
          <span className="font-mono text-[10px] opacity-80">
            {sub.id.slice(sub.id.indexOf('.'))}
          </span>{' '}
          {name}
        </span>
        <span className="shrink-0 font-semibold tabular-nums">{formatNumber(sub.count)}</span>
      </Link>
      <Tooltip side={side}>
        <span className="block font-mono">{sub.id}</span>
        <span className="block font-semibold">{name}</span>
        <span className="block">{briefs(sub.count)}</span>
      </Tooltip>
    </li>
  );
}

function Cell({ cell, filter, side }: { cell: MatrixCell; filter: BriefFilter; side: string }) {
  const name = cell.name ?? 'Unnamed technique';
  const subs = cell.subtechniques.length;
  const own =
    cell.ownCount === cell.count ? '' : `, ${formatNumber(cell.ownCount)} with ${cell.id} itself`;
  return (
    <li className="bg-surface rounded-md" data-technique={cell.id} data-count={cell.count}>
      <div className="relative">
        <Link
          href={toListHref(withFacetValue(filter, 'technique', cell.id))}
          prefetch={false}
          aria-label={`${cell.id} ${name}: ${briefs(cell.count)}${own}`}
          className={`peer block rounded-md px-2 py-1.5 hover:underline ${SHADE_CLASS[cell.shade]}`}
        >
          <span className="flex items-baseline justify-between gap-1">
            <span className="font-mono text-[10px] opacity-80">{cell.id}</span>
            <span className="text-xs font-semibold tabular-nums">{formatNumber(cell.count)}</span>
          </span>
          <span className="block text-[11px] leading-tight font-medium [overflow-wrap:anywhere] hyphens-auto">
            {name}
          </span>
        </Link>
        <Tooltip side={side}>
          <span className="block font-mono">{cell.id}</span>
          <span className="block font-semibold">{name}</span>
          <span className="block">{briefs(cell.count)}</span>
          {subs > 0 && (
            <span className="block opacity-80">
              {formatNumber(cell.ownCount)} with the technique itself, the others through its
              sub-techniques
            </span>
          )}
        </Tooltip>
      </div>
      {subs > 0 && (
        <details className="group mt-0.5">
          <summary className="text-fg-muted hover:text-fg flex cursor-pointer list-none items-baseline gap-1 rounded px-1 py-0.5 text-[10px] leading-tight select-none [&::-webkit-details-marker]:hidden">
            <svg
              aria-hidden="true"
              viewBox="0 0 8 8"
              className="size-2 shrink-0 translate-y-px fill-current transition-transform group-open:rotate-90"
            >
              <path d="M2 1l4 3-4 3z" />
            </svg>
            {subs} {subs === 1 ? 'sub-technique' : 'sub-techniques'}
          </summary>
          <ul className="mt-0.5 space-y-0.5 pl-2">
            {cell.subtechniques.map((sub) => (
              <SubtechniqueItem key={sub.id} sub={sub} filter={filter} side={side} />
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}

export function AttackMatrixGrid({
  matrix,
  filter,
}: {
  matrix: AttackMatrix;
  filter: BriefFilter;
}) {
  return (
    <div className="grid grid-cols-1 gap-x-1.5 gap-y-5 sm:grid-cols-2 lg:grid-cols-7 xl:grid-cols-14">
      {matrix.columns.map((column, i) => {
        const headingId = `tactic-${column.tactic.shortname}`;
        return (
          <section
            key={column.tactic.shortname}
            aria-labelledby={headingId}
            className="min-w-0"
            data-tactic={column.tactic.shortname}
          >
            <h2
              id={headingId}
              className="border-line-strong border-b-2 pb-1 text-xs leading-tight font-semibold"
            >
              <Link
                href={toListHref(withFacetValue(filter, 'tactic', column.tactic.shortname))}
                prefetch={false}
                className="hover:text-accent hover:underline"
              >
                {column.tactic.name}
              </Link>
              <span className="text-fg-muted block font-normal">
                {column.cells.length} {column.cells.length === 1 ? 'technique' : 'techniques'}
              </span>
            </h2>
            {column.cells.length === 0 ? (
              <p className="text-fg-muted pt-2 text-xs">None</p>
            ) : (
              <ul className="space-y-1 pt-2">
                {column.cells.map((cell) => (
                  <Cell key={cell.id} cell={cell} filter={filter} side={tooltipSide(i)} />
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
