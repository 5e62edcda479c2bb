import { HydrationBoundary, dehydrate } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { ListExportLinks } from '@/components/briefs/list-export-links';
import { BriefBrowser } from '@/components/briefs/brief-browser';
import { FilterErrorPanel } from '@/components/filters/filter-error';
import { FeedStatusBanner } from '@/components/status/feed-status-banner';
import { getRenderTime } from '@/components/ui/dates';
import { feedAlternates } from '@/lib/briefs/export/feed-alternates';
import { parsePageFilter } from '@/lib/briefs/filter/page-filter';
import { getFeedStore } from '@/lib/serving/served-feed';
import type { BriefListResponse } from '@/lib/api/types';
import { briefListQuery } from '@/lib/queries/briefs';
import { getQueryClient } from '@/lib/queries/get-query-client';
import { toListView } from '@/lib/queries/list-view';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({
  searchParams,
}: {
  searchParams: SearchParams;
}): Promise<Metadata> {
  return { alternates: feedAlternates('/', await searchParams) };
}

export default async function BriefListPage({ searchParams }: { searchParams: SearchParams }) {
  const parsed = parsePageFilter('/', await searchParams);
  if (!parsed.ok) {
    return (
      <>
        <h1 className="mt-4 text-xl font-semibold tracking-tight">Threat briefs</h1>
        <FilterErrorPanel error={parsed.error} />
      </>
    );
  }

  const { filter } = parsed;
  const store = await getFeedStore();
  await store.readyFor(filter);
  const queryClient = getQueryClient();
  // Same key as the client hook; the server answers from the store instead of its own API.
  await queryClient.fetchQuery({
    ...briefListQuery(filter),
    queryFn: (): BriefListResponse =>
      toListView({ ...store.queryBriefs(filter), source: store.getSourceBlock() }, filter),
  });

  return (
    <>
      <FeedStatusBanner store={store} />
      <div className="mt-3 flex justify-end">
        <ListExportLinks />
      </div>
      <HydrationBoundary state={dehydrate(queryClient)}>
        <BriefBrowser now={getRenderTime()} pollSeconds={store.config.newBriefsPollSeconds} />
      </HydrationBoundary>
    </>
  );
}
