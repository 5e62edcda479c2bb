import { preflight } from '@/lib/api/export-response';
import { exportResponse, selectViewForExport } from '@/lib/api/view-export';
import { buildStixBundle, STIX_MEDIA_TYPE } from '@/lib/briefs/export/stix';
import { deriveOnce } from '@/lib/briefs/select';

export const dynamic = 'force-dynamic';

/** A STIX 2.1 bundle of every brief matching the filter, in the list's order. */
export async function GET(request: Request) {
  const view = await selectViewForExport(request);
  if (view instanceof Response) return view;
  // Built once per view and data version (10,000 briefs take most of a second).
  const key = `stix-bundle:${view.origin}:signals-${view.signals.version}`;
  const bundle = deriveOnce(view.selection, key, () =>
    JSON.stringify(buildStixBundle(view.selection.briefs, view.origin, view.signals)),
  );
  return exportResponse(view, bundle, STIX_MEDIA_TYPE, {
    'content-disposition': 'attachment; filename="briefs.stix.json"',
  });
}

export const OPTIONS = preflight;
