import { preflight } from '@/lib/api/export-response';
import { exportResponse, selectViewForExport } from '@/lib/api/view-export';
import { buildNavigatorLayer } from '@/lib/briefs/attack/navigator-layer';
import { getTechniqueCatalog } from '@/lib/feed/attack-catalog';

export const dynamic = 'force-dynamic';

/** An ATT&CK Navigator layer (4.5) scoring each technique by the briefs of the filtered view. */
export async function GET(request: Request) {
  const view = await selectViewForExport(request);
  if (view instanceof Response) return view;
  const { briefs, filter } = view.selection;
  const layer = buildNavigatorLayer(briefs, getTechniqueCatalog(), {
    filter,
    origin: view.origin,
    source: view.source,
  });
  return exportResponse(view, JSON.stringify(layer), 'application/json', {
    'content-disposition': 'attachment; filename="attack-layer.json"',
  });
}

export const OPTIONS = preflight;
