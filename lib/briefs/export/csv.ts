import Papa from 'papaparse';
import { toBriefUrl } from '@/lib/briefs/select';
import type { IndexedBrief } from '@/lib/briefs/types';
import { SIGNAL_CSV_COLUMNS, signalCsvCells } from '@/lib/signals/export-fields';
import { NO_SIGNALS, type CveSignals, hasSignals } from '@/lib/signals/types';

// Briefs as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line
// break), one row per brief. Several values in one cell are joined with `; `. A cell that a
// spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) gets a leading `'`.
// The text starts with a UTF-8 byte-order mark, without which Excel and LibreOffice's default
// import read it as a legacy code page; dates are `YYYY-MM-DD HH:MM:SS` (UTC), which both read
// as dates. `url` is the dashboard page (as in the JSON Feed), `external_url` the original brief.

export const CSV_BOM = '\uFEFF';

export const CSV_COLUMNS = [
  'slug',
  'title',
  'date',
  'type',
  'severity',
  'vendors',
  'products',
  'actors',
  'tags',
  'cves',
  'techniques',
  'url',
  'external_url',
  'indicators',
  'indicator_types',
  'confidence',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Anchored at the very start, across line breaks (papaparse's own `escapeFormulae: true` is not). */
const FORMULA_START = /^[=+\-@\t\r]/;

const join = (values: readonly string[]) => values.join('; ');

/** `2024-05-01T10:00:00.000Z` -> `2024-05-01 10:00:00`; anything else as it is. */
export function toSpreadsheetDate(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

export function toCsvRecord(brief: IndexedBrief, origin: string): Record<CsvColumn, string> {
  return {
    slug: brief.slug,
    title: brief.title,
    date: toSpreadsheetDate(brief.date),
    type: brief.type ?? '',
    severity: brief.severity ?? '',
    vendors: join(brief.vendors),
    products: join(brief.products),
    actors: join(brief.actors),
    tags: join(brief.tags),
    cves: join(brief.cves.map((cve) => cve.id)),
    techniques: join(brief.techniques.map((technique) => technique.id)),
    url: toBriefUrl(origin, brief.slug),
    external_url: brief.url ?? '',
    // Counts only: the values are in /api/indicators.csv, one row each.
    indicators: String(brief.iocCount ?? 0),
    indicator_types: join(brief.iocTypes ?? []),
    confidence:
      brief.confidence === null || brief.confidence === undefined ? '' : String(brief.confidence),
  };
}

/** `origin`: the dashboard's, for the `url` column. */
export function toBriefsCsv(
  briefs: readonly IndexedBrief[],
  origin: string,
  signals: CveSignals = NO_SIGNALS,
): string {
  // KEV and EPSS columns (lib/signals/) only while either upstream is on.
  const withSignals = hasSignals(signals);
  const data = briefs.map((brief) => {
    const record = toCsvRecord(brief, origin);
    const row = CSV_COLUMNS.map((column) => record[column]);
    if (!withSignals) return row;
    const cells = signalCsvCells(
      brief.cves.map((cve) => cve.id),
      signals,
    );
    return [...row, ...SIGNAL_CSV_COLUMNS.map((column) => cells[column])];
  });
  const fields = withSignals ? [...CSV_COLUMNS, ...SIGNAL_CSV_COLUMNS] : [...CSV_COLUMNS];
  const csv = Papa.unparse(
    { fields, data },
    { newline: '\r\n', escapeFormulae: FORMULA_START, header: true },
  );
  // RFC 4180 allows a final line break; spreadsheets and `wc -l` expect one.
  return `${CSV_BOM}${csv.endsWith('\r\n') ? csv : `${csv}\r\n`}`;
}
