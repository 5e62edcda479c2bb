import ExcelJS from 'exceljs';
import { CSV_COLUMNS, toCsvRecord, type CsvColumn } from '@/lib/briefs/export/csv';
import { toXmlText } from '@/lib/briefs/export/syndication';
import type { IndexedBrief } from '@/lib/briefs/types';

// Briefs as an Excel workbook, for people who open a view in a spreadsheet: unlike the CSV it
// needs no import choices (LibreOffice's default CSV import ignores the byte-order mark and reads
// UTF-8 as a legacy code page). The CSV's columns, a bold frozen header row, `date` as a real
// date cell (UTC), every other value a text cell: `=1+1` stays the text `=1+1`, never a formula.

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Excel's limit of characters in a cell. */
const MAX_CELL = 32_767;

const WIDTHS: Partial<Record<CsvColumn, number>> = { slug: 40, title: 60, date: 20, url: 50 };

const toCellText = (value: string) => toXmlText(value).slice(0, MAX_CELL);

export async function toBriefsXlsx(
  briefs: readonly IndexedBrief[],
  origin: string,
  modifiedAt: Date,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'threat-brief-dashboard';
  // The same data gives the same workbook: its times are the data's, not the clock's.
  workbook.created = modifiedAt;
  workbook.modified = modifiedAt;
  const sheet = workbook.addWorksheet('Briefs', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = CSV_COLUMNS.map((key) => ({ header: key, key, width: WIDTHS[key] ?? 24 }));
  sheet.getRow(1).font = { bold: true };
  for (const brief of briefs) {
    const record = toCsvRecord(brief, origin);
    const row: Record<string, string | Date> = {};
    for (const key of CSV_COLUMNS) row[key] = toCellText(record[key]);
    const date = new Date(brief.date);
    if (Number.isFinite(date.getTime())) row.date = date;
    sheet.addRow(row);
  }
  sheet.getColumn('date').numFmt = 'yyyy-mm-dd hh:mm:ss';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
