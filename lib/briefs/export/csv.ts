import Papa from 'papaparse';
import type { ListedBrief } from '@/lib/briefs/types';

// Briefs as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line
// break), one row per brief. Several values in one cell are joined with `; `. A cell that a
// spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) gets a leading `'`.

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
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Anchored at the very start, across line breaks (papaparse's own `escapeFormulae: true` is not). */
const FORMULA_START = /^[=+\-@\t\r]/;

const join = (values: readonly string[]) => values.join('; ');

export function toCsvRecord(brief: ListedBrief): Record<CsvColumn, string> {
  return {
    slug: brief.slug,
    title: brief.title,
    date: brief.date,
    type: brief.type ?? '',
    severity: brief.severity ?? '',
    vendors: join(brief.vendors),
    products: join(brief.products),
    actors: join(brief.actors),
    tags: join(brief.tags),
    cves: join(brief.cves.map((cve) => cve.id)),
    techniques: join(brief.techniques.map((technique) => technique.id)),
    url: brief.url ?? '',
  };
}

export function toBriefsCsv(briefs: readonly ListedBrief[]): string {
  const data = briefs.map((brief) => {
    const record = toCsvRecord(brief);
    return CSV_COLUMNS.map((column) => record[column]);
  });
  const csv = Papa.unparse(
    { fields: [...CSV_COLUMNS], data },
    { newline: '\r\n', escapeFormulae: FORMULA_START, header: true },
  );
  // RFC 4180 allows a final line break; spreadsheets and `wc -l` expect one.
  return csv.endsWith('\r\n') ? csv : `${csv}\r\n`;
}
