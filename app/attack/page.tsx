import type { Metadata } from 'next';
import { buildAttackMatrix, collectTechniques } from '@/lib/briefs/attack/matrix';
import { feedAlternates } from '@/lib/briefs/export/feed-alternates';
import { toNavigatorHref } from '@/lib/briefs/export/feed-links';
import { describeFilter } from '@/lib/briefs/select';
import { CoverageCompare } from '@/components/workflow/coverage-compare';
import { getPageFilter, type PageSearchParams } from '@/lib/queries/page-filter';
import { deriveOnce, selectBriefs } from '@/lib/briefs/select';
import { getCatalogStatus, getTechniqueCatalog } from '@/lib/feed/attack-catalog';
import { getServedFeed } from '@/lib/serving/served-feed';
import { AttackMatrixGrid } from '@/components/attack/attack-matrix-grid';
import { ExportLinks } from '@/components/attack/export-links';
import { ShadeLegend } from '@/components/attack/shade-legend';
import { UnknownTacticList } from '@/components/attack/unknown-tactic-list';
import { ViewFilters } from '@/components/attack/view-filters';
import { formatNumber } from '@/components/ui/numbers';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<PageSearchParams>;

export async function generateMetadata({
  searchParams,
}: {
  searchParams: SearchParams;
}): Promise<Metadata> {
  return {
    title: 'ATT&CK matrix',
    alternates: feedAlternates(getPageFilter('/attack', await searchParams)),
  };
}

export default async function AttackPage({ searchParams }: { searchParams: SearchParams }) {
  const pageFilter = getPageFilter('/attack', await searchParams);
  const heading = <h1 className="text-xl font-semibold tracking-tight">ATT&CK matrix</h1>;
  const store = await getServedFeed();
  await store.readyFor(pageFilter);
  const selection = selectBriefs(store, pageFilter);
  const { filter } = selection;
  const techniques = getTechniqueCatalog();
  const matrix = deriveOnce(selection, techniques, () =>
    buildAttackMatrix(selection.briefs, techniques),
  );
  const catalog = getCatalogStatus();
  const viewTechniques = deriveOnce(selection, collectTechniques, () =>
    [...collectTechniques(selection.briefs).values()].map((t) => ({
      id: t.id,
      name: techniques.nameOf(t.id) ?? t.name,
      count: t.briefs.size,
    })),
  );

  return (
    <div className="space-y-5 py-6">
      <header className="space-y-1">
        {heading}
        <p className="text-fg-muted text-sm" data-testid="matrix-summary">
          {formatNumber(matrix.briefCount)}{' '}
          {matrix.briefCount === 1 ? 'brief matches' : 'briefs match'};{' '}
          {formatNumber(matrix.briefsWithTechniques)} carry ATT&CK techniques (
          {formatNumber(matrix.techniqueCount)} distinct). Each cell counts the briefs carrying the
          technique or one of its sub-techniques.
        </p>
      </header>

      <ViewFilters filter={filter} pathname="/attack" />

      {catalog.partial && (
        <p
          role="status"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
        >
          <strong className="font-semibold">Partial ATT&CK catalog.</strong> MITRE&apos;s catalog
          has not been loaded, so the dashboard uses the small one it ships with: some techniques
          may lack a name or a tactic and show up under “Techniques with unknown tactic”.
        </p>
      )}

      <div className="flex flex-wrap items-center justify-between gap-3">
        <ShadeLegend legend={matrix.legend} />
        <ExportLinks
          filter={filter}
          layer
          navigatorHref={toNavigatorHref(filter, store.config.publicOrigin)}
        />
      </div>

      {matrix.techniqueCount === 0 && (
        <p className="border-line bg-surface-muted text-fg-muted rounded-md border px-3 py-2 text-sm">
          None of these briefs carries an ATT&CK technique.
        </p>
      )}

      <CoverageCompare
        techniques={viewTechniques}
        filter={filter}
        viewWords={describeFilter(filter)}
      />

      <AttackMatrixGrid matrix={matrix} filter={filter} />

      <UnknownTacticList techniques={matrix.unknownTactic} filter={filter} />
    </div>
  );
}
