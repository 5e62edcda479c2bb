import { HydrationBoundary, dehydrate } from '@tanstack/react-query';
import { BriefBrowser } from '@/components/briefs/brief-browser';
import { FilterErrorPanel } from '@/components/filters/filter-error';
import { FeedStatus } from '@/components/status/feed-status';
import { getRenderTime } from '@/components/ui/dates';
import { parsePageFilter } from '@/lib/briefs/filter/page-filter';
import { getFeedStore } from '@/lib/feed/store';
import type { BriefListResponse } from '@/lib/feed/types';
import { briefListQuery } from '@/lib/queries/briefs';
import { getQueryClient } from '@/lib/queries/get-query-client';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

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
  store.refreshIfDue();
  const queryClient = getQueryClient();
  // Same key as the client hook; the server answers from the store instead of its own API.
  await queryClient.fetchQuery({
    ...briefListQuery(filter),
    queryFn: (): BriefListResponse => ({
      ...store.queryBriefs(filter),
      source: store.getSourceBlock(),
    }),
  });

  return (
    <>
      <FeedStatus store={store} />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <BriefBrowser now={getRenderTime()} pollSeconds={store.config.newBriefsPollSeconds} />
      </HydrationBoundary>
    </>
  );
}
