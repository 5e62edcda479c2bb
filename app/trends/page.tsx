import type { Metadata } from 'next';
import { feedAlternates } from '@/lib/briefs/export/feed-alternates';
import { getPageFilter, type PageSearchParams } from '@/lib/queries/page-filter';
import { deriveOnce, selectBriefs } from '@/lib/briefs/select';
import { buildTrends, MAX_WEEKS, SEVERITY_KEYS } from '@/lib/briefs/trends';
import { buildRising } from '@/lib/briefs/rising';
import { RisingSection } from '@/components/trends/rising-section';
import { getTechniqueCatalog } from '@/lib/feed/attack-catalog';
import { getServedFeed } from '@/lib/serving/served-feed';
import { ExportLinks } from '@/components/attack/export-links';
import { ViewFilters } from '@/components/attack/view-filters';
import { TopBars } from '@/components/trends/top-bars';
import { WeeklySeverityChart } from '@/components/trends/weekly-severity-chart';
import { WeeklyTable } from '@/components/trends/weekly-table';
import { formatDate, getRenderTime } from '@/components/ui/dates';
import { formatNumber } from '@/components/ui/numbers';
import { KevWeekly } from '@/components/signals/kev-weekly';
import { kevBriefsPerWeek } from '@/lib/signals/kev-weeks';
import { getCveSignals } from '@/lib/signals/signal-store';
import { hasSignals } from '@/lib/signals/types';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<PageSearchParams>;

export async function generateMetadata({
  searchParams,
}: {
  searchParams: SearchParams;
}): Promise<Metadata> {
  return {
    title: 'Trends',
    alternates: feedAlternates(getPageFilter('/trends', await searchParams)),
  };
}

const plural = (n: number, one: string, many: string) =>
  `${formatNumber(n)} ${n === 1 ? one : many}`;

export default async function TrendsPage({ searchParams }: { searchParams: SearchParams }) {
  const pageFilter = getPageFilter('/trends', await searchParams);
  const heading = <h1 className="text-xl font-semibold tracking-tight">Trends</h1>;
  const store = await getServedFeed();
  await store.readyFor(pageFilter);
  const selection = selectBriefs(store, pageFilter);
  const { briefs, facets, filter } = selection;
  const trends = deriveOnce(selection, buildTrends, () => buildTrends(briefs, facets, filter));
  const catalog = getTechniqueCatalog();
  // Windows are whole UTC days, so the result holds for the day: derived once per selection and day.
  const now = Date.parse(getRenderTime());
  const rising = deriveOnce(selection, `rising:${Math.floor(now / 86_400_000)}`, () =>
    buildRising(briefs, filter, now),
  );
  const first = trends.weeks[0];
  const last = trends.weeks.at(-1);
  const keys = SEVERITY_KEYS.filter((key) => trends.severityTotals[key] > 0);
  const signals = getCveSignals();
  const kevWeeks = !hasSignals(signals)
    ? null
    : deriveOnce(selection, `kev-weeks:${signals.version}`, () =>
        kevBriefsPerWeek(briefs, trends.weeks, signals),
      );

  return (
    <div className="space-y-5 py-6">
      <header className="space-y-1">
        {heading}
        <p className="text-fg-muted text-sm" data-testid="trends-summary">
          {plural(trends.briefCount, 'brief matches', 'briefs match')}
          {first && last && (
            <>
              ; {plural(trends.inWeeks, 'brief', 'briefs')} in the{' '}
              {plural(trends.weeks.length, 'week', 'weeks')} from {formatDate(first.start)} (
              {first.week}) to {last.week}
            </>
          )}
          .
          {trends.beforeWeeks > 0 &&
            ` ${plural(trends.beforeWeeks, 'older brief is', 'older briefs are')} before the last ${MAX_WEEKS} weeks shown.`}
          {trends.undated > 0 &&
            ` ${plural(trends.undated, 'brief has', 'briefs have')} no readable date.`}
        </p>
      </header>

      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <ViewFilters filter={filter} pathname="/trends" />
        </div>
        <ExportLinks filter={filter} />
      </div>

      <section aria-labelledby="weekly-heading" className="space-y-2">
        <h2 id="weekly-heading" className="text-base font-semibold">
          Briefs per week by severity
        </h2>
        {trends.weeks.length === 0 ? (
          <p className="text-fg-muted text-sm">No dated brief matches these filters.</p>
        ) : (
          <WeeklySeverityChart weeks={trends.weeks} keys={keys}>
            <WeeklyTable
              weeks={trends.weeks}
              severityTotals={trends.severityTotals}
              inWeeks={trends.inWeeks}
            />
          </WeeklySeverityChart>
        )}
      </section>

      {kevWeeks && trends.weeks.length > 0 && <KevWeekly weeks={kevWeeks} />}

      <RisingSection rising={rising} describeTechnique={(id) => catalog.nameOf(id)} />

      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
        <TopBars title="Top vendors" facet="vendor" entries={trends.top.vendor} filter={filter} />
        <TopBars
          title="Top products"
          facet="product"
          entries={trends.top.product}
          filter={filter}
        />
        <TopBars title="Top actors" facet="actor" entries={trends.top.actor} filter={filter} />
        <TopBars title="Top tags" facet="tag" entries={trends.top.tag} filter={filter} />
        <TopBars
          title="Top ATT&CK techniques"
          facet="technique"
          entries={trends.top.technique}
          filter={filter}
          describe={(id) => catalog.nameOf(id)}
        />
      </div>
    </div>
  );
}
