import Link from 'next/link';
import { toFacetPageHref, toFacetValueLabel } from '@/components/filters/facet-labels';
import { formatNumber } from '@/components/ui/numbers';
import type { FacetValuesResult } from '@/lib/briefs/search/facet-values';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { filterToSearchParams } from '@/lib/briefs/filter/url';
import { isFacetValueSelected, toggleFacetValue, toListHref } from '@/lib/briefs/filter/edit';

/**
 * One facet's values as links that toggle a value on the list, a find box (a plain GET form
 * carrying the filter as hidden fields) and links through the pages of values.
 */
export function FacetValueList({
  label,
  filter,
  result,
}: {
  label: string;
  filter: BriefFilter;
  result: FacetValuesResult;
}) {
  const { facet, values, total, offset, limit, find } = result;
  const listQuery = filterToSearchParams({ ...filter, page: 1 }).toString();
  const pageHref = (to: number) => {
    const href = toFacetPageHref(facet, listQuery, find);
    return to === 0 ? href : `${href}${href.includes('?') ? '&' : '?'}offset=${to}`;
  };
  const hidden = [...new URLSearchParams(listQuery)];
  const noun = label.toLowerCase();

  return (
    <>
      <p className="text-sm">
        <Link href={toListHref(filter)} className="text-accent font-medium underline">
          Back to the briefs
        </Link>
      </p>
      <form method="get" action={`/facets/${facet}`} className="flex max-w-md gap-2" role="search">
        {hidden.map(([name, value], i) => (
          <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
        ))}
        <label htmlFor="facet-find" className="sr-only">
          Find a {noun}
        </label>
        <input
          id="facet-find"
          type="search"
          name="find"
          defaultValue={find}
          maxLength={200}
          placeholder={`Find a ${noun}…`}
          className="border-line bg-surface h-8 min-w-0 flex-1 rounded border px-2 text-sm"
        />
        <button
          type="submit"
          className="bg-accent text-surface rounded-md px-3 text-sm font-semibold"
        >
          Find
        </button>
      </form>
      <p className="text-fg-muted text-sm" data-testid="facet-total">
        {formatNumber(total)} {total === 1 ? 'value' : 'values'}
        {find ? ` containing “${find}”` : ''}
        {total > values.length &&
          ` · ${formatNumber(offset + 1)}–${formatNumber(offset + values.length)} shown`}
      </p>
      <ol
        className="columns-1 gap-6 text-sm sm:columns-2 lg:columns-3"
        aria-label={`Every ${noun}`}
      >
        {values.map((item) => {
          const selected = isFacetValueSelected(filter, facet, item.value);
          return (
            <li key={item.value} className="break-inside-avoid py-0.5">
              <Link
                href={toListHref(toggleFacetValue(filter, facet, item.value))}
                aria-current={selected ? 'true' : undefined}
                className={`hover:text-accent ${selected ? 'font-semibold' : ''}`}
              >
                {selected ? '✓ ' : ''}
                {toFacetValueLabel(facet, item.value)}
              </Link>{' '}
              <span className="text-fg-muted tabular-nums">{formatNumber(item.count)}</span>
            </li>
          );
        })}
      </ol>
      <nav aria-label="Pages of values" className="flex gap-3 text-sm">
        {offset > 0 && (
          <Link rel="prev" href={pageHref(Math.max(0, offset - limit))} className="text-accent">
            Previous {formatNumber(limit)}
          </Link>
        )}
        {offset + values.length < total && (
          <Link rel="next" href={pageHref(offset + limit)} className="text-accent">
            Next {formatNumber(Math.min(limit, total - offset - limit))}
          </Link>
        )}
      </nav>
    </>
  );
}
