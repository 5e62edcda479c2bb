import { HydrationBoundary, dehydrate } from '@tanstack/react-query';
import type { FeedStatus } from '@/lib/serving/status';
import { getQueryClient } from '@/lib/queries/get-query-client';
import { feedStatusQuery } from '@/lib/queries/briefs';
import { StatusBanner } from './status-banner';

/** Server half of the banner: the status as of this request, hydrated into the polling client. */
export async function FeedStatusBanner({ status }: { status: FeedStatus }) {
  const queryClient = getQueryClient();
  await queryClient.prefetchQuery({ ...feedStatusQuery(), queryFn: () => status });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <StatusBanner />
    </HydrationBoundary>
  );
}
