import { preflight } from '@/lib/api/export-response';
import { selectViewForExport } from '@/lib/api/view-export';
import { toBriefsXlsx, XLSX_MEDIA_TYPE } from '@/lib/briefs/export/xlsx';

export const dynamic = 'force-dynamic';

/** Every brief matching the filter, in the list's order, as an Excel workbook. */
export async function GET(request: Request) {
  const view = await selectViewForExport(request);
  if (view instanceof Response) return view;
  const body = await toBriefsXlsx(view.selection.briefs, view.origin, view.modifiedAt);
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: {
      'content-type': XLSX_MEDIA_TYPE,
      'content-disposition': 'attachment; filename="briefs.xlsx"',
      ...view.headers,
    },
  });
}

export const OPTIONS = preflight;
