import { preflight } from '@/lib/api/export-response';
import { exportResponse, selectViewForExport } from '@/lib/api/view-export';
import { toBriefsCsv } from '@/lib/briefs/export/csv';

export const dynamic = 'force-dynamic';

/** Every brief matching the filter, in the list's order. */
export async function GET(request: Request) {
  const view = await selectViewForExport(request);
  if (view instanceof Response) return view;
  return exportResponse(
    view,
    toBriefsCsv(view.selection.briefs, view.origin, view.signals),
    'text/csv; charset=utf-8',
    {
      'content-disposition': 'attachment; filename="briefs.csv"',
    },
  );
}

export const OPTIONS = preflight;
