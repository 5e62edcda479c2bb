import { preflight } from '@/lib/api/export-response';
import { exportResponse, selectViewForExport } from '@/lib/api/view-export';
import { buildStixBundle, STIX_MEDIA_TYPE } from '@/lib/briefs/export/stix';
import { deriveExport, stringBytes } from '@/lib/briefs/export/export-cache';
import { fillOrigin, originSlot } from '@/lib/briefs/export/origin-slot';

export const dynamic = 'force-dynamic';

/** A STIX 2.1 bundle of every brief matching the filter, in the list's order. */
export async function GET(request: Request) {
  const view = await selectViewForExport(request);
  if (view instanceof Response) return view;
  // Built once per view, data version and signals version (10,000 briefs take most of a second),
  // without the request's origin: that is filled in per answer, so no origin adds to what is kept.
  const bundle = deriveExport(
    view.selection,
    `stix-bundle:signals-${view.signals.version}`,
    () =>
      JSON.stringify(
        buildStixBundle(
          view.selection.briefs,
          originSlot(),
          (slug) => view.store.getBody(slug),
          view.signals,
        ),
      ),
    stringBytes,
  );
  return exportResponse(view, fillOrigin(bundle, view.origin), STIX_MEDIA_TYPE, {
    'content-disposition': 'attachment; filename="briefs.stix.json"',
  });
}

export const OPTIONS = preflight;
