import { preflight } from '@/lib/api/export-response';
import { indicatorExportRoute } from '@/lib/api/indicator-export';

export const dynamic = 'force-dynamic';

/** The indicator values of every brief matching the filter (`type=domain` for one type). */
export const GET = indicatorExportRoute('csv');

export const OPTIONS = preflight;
