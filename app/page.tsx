import { HydrationBoundary, dehydrate } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { ListExportLinks } from '@/components/briefs/list-export-links';
import { BriefBrowser } from '@/components/briefs/brief-browser';
import { BriefFilterProvider } from '@/components/filters/brief-filter-context';
import { FeedStatusBanner } from '@/components/status/feed-status-banner';
import { getRenderTime } from '@/components/ui/dates';
import { feedAlternates } from '@/lib/briefs/export/feed-alternates';
import { getServedFeed } from '@/lib/serving/served-feed';
import type { BriefListResponse } from '@/lib/api/types';
import { briefListQuery } from '@/lib/queries/briefs';
import { getQueryClient } from '@/lib/queries/get-query-client';
import { toListView } from '@/lib/queries/list-view';
import { getPageFilter, type PageSearchParams } from '@/lib/queries/page-filter';

type SearchParams = Promise<PageSearchParams>;

export async function generateMetadata({
  searchParams,
}: {
  searchParams: SearchParams;
}): Promise<Metadata> {
  return { alternates: feedAlternates(getPageFilter('/', await searchParams)) };
}

export default async function BriefListPage({ searchParams }: { searchParams: SearchParams }) {
  const filter = getPageFilter('/', await searchParams);
  const store = await getServedFeed();
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
      <FeedStatusBanner status={store.getStatus()} />
      <BriefFilterProvider>
        <div className="mt-3 flex justify-end">
          <ListExportLinks />
        </div>
        <HydrationBoundary state={dehydrate(queryClient)}>
          <BriefBrowser now={getRenderTime()} pollSeconds={store.config.newBriefsPollSeconds} />
        </HydrationBoundary>
      </BriefFilterProvider>
    </>
  );
}
