import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { FacetValueList } from '@/components/facets/facet-value-list';
import { FilterErrorPanel } from '@/components/filters/filter-error';
import { FACET_LABEL } from '@/components/filters/facet-labels';
import { FACETS, type FacetName } from '@/lib/briefs/filter/types';
import { parseFacetQuery } from '@/lib/briefs/filter/facet-query';
import { getServedFeed } from '@/lib/serving/served-feed';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ facet: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Values a page lists at once; `offset` walks through the rest. */
const PAGE_VALUES = 500;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { facet } = await params;
  const label = FACET_LABEL[facet as FacetName];
  return { title: label ? `Every ${label.toLowerCase()}` : 'Not found' };
}

/** Every value of one facet under the list's filter, as links: reachable without JavaScript. */
export default async function FacetPage({ params, searchParams }: Props) {
  const { facet } = await params;
  if (!(FACETS as readonly string[]).includes(facet)) notFound();
  const input = await searchParams;
  const parsed = parseFacetQuery(
    facet,
    { ...input, limit: String(PAGE_VALUES) },
    {
      allowUnknown: true,
    },
  );
  const label = FACET_LABEL[facet as FacetName];
  const heading = (
    <h1 className="text-xl font-semibold tracking-tight">Every {label.toLowerCase()}</h1>
  );
  if (!parsed.ok) {
    return (
      <div className="space-y-4 py-6">
        {heading}
        <FilterErrorPanel error={parsed.error} />
      </div>
    );
  }
  const store = await getServedFeed();
  await store.readyFor(parsed.query.filter);
  const result = store.listFacetValues(parsed.query);
  return (
    <div className="space-y-4 py-6">
      {heading}
      <FacetValueList label={label} filter={parsed.query.filter} result={result} />
    </div>
  );
}
