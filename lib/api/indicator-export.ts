import 'server-only';
import { exportResponse, selectViewForExport } from '@/lib/api/view-export';
import {
  collectIndicators,
  moveIndicatorTypeParams,
  toIndicatorsCsv,
  toIndicatorsText,
} from '@/lib/briefs/export/indicator-lists';

// /api/indicators.txt and /api/indicators.csv: a view's indicator values. The view's filters
// apply as in every export; `type=domain` (any value that is not a brief type) is taken as
// `ioc_type=domain`, which both keeps the briefs carrying that type and keeps only its values.

export function indicatorExportRoute(format: 'txt' | 'csv') {
  return async function GET(request: Request): Promise<Response> {
    const url = new URL(request.url);
    url.search = moveIndicatorTypeParams(url.searchParams).toString();
    const view = await selectViewForExport(new Request(url, { headers: request.headers }));
    if (view instanceof Response) return view;
    const { briefs, filter } = view.selection;
    const rows = collectIndicators(briefs, filter, (slug) => view.store.getBody(slug));
    return format === 'txt'
      ? exportResponse(
          view,
          toIndicatorsText(rows, filter, view.source),
          'text/plain; charset=utf-8',
        )
      : exportResponse(view, toIndicatorsCsv(rows, view.origin), 'text/csv; charset=utf-8', {
          'content-disposition': 'attachment; filename="indicators.csv"',
        });
  };
}
