import { preflight } from '@/lib/api/export-response';
import { exportResponse, selectViewForExport } from '@/lib/api/view-export';
import { buildStixBundle, STIX_MEDIA_TYPE } from '@/lib/briefs/export/stix';

export const dynamic = 'force-dynamic';

/** A STIX 2.1 bundle of every brief matching the filter, in the list's order. */
export async function GET(request: Request) {
  const view = await selectViewForExport(request);
  if (view instanceof Response) return view;
  const bundle = buildStixBundle(view.selection.briefs, view.origin);
  return exportResponse(view, JSON.stringify(bundle), STIX_MEDIA_TYPE, {
    'content-disposition': 'attachment; filename="briefs.stix.json"',
  });
}

export const OPTIONS = preflight;
