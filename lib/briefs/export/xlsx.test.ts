import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '@/lib/briefs/export/csv';
import { makeBrief } from '@/test/support/test-briefs';
import { toBriefsXlsx } from './xlsx';

const briefs = [
  makeBrief({
    slug: 'zurich',
    title: 'Zürich: Ärger mit «Télécom» – 東京 🚨',
    date: '2026-11-18T09:30:00Z',
    vendors: ['Société Générale'],
  }),
  makeBrief({ slug: 'formula', title: '=HYPERLINK("http://evil.test","x")', tags: ['+1', '@a'] }),
  makeBrief({ slug: 'control', title: 'bell\u0007 here' }),
];

async function readBack() {
  const workbook = new ExcelJS.Workbook();
  const buffer = await toBriefsXlsx(briefs, 'http://dash.test', new Date('2026-12-01T00:00:00Z'));
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook.getWorksheet('Briefs')!;
}

describe('toBriefsXlsx', () => {
  it('has a header row of the CSV columns, then one row per brief', async () => {
    const sheet = await readBack();
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...CSV_COLUMNS]);
    expect(sheet.rowCount).toBe(4);
  });

  it('writes dates as date cells and keeps UTF-8 text intact', async () => {
    const sheet = await readBack();
    const date = sheet.getRow(2).getCell(3);
    expect(date.type).toBe(ExcelJS.ValueType.Date);
    expect((date.value as Date).toISOString()).toBe('2026-11-18T09:30:00.000Z');
    expect(date.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheet.getRow(2).getCell(2).value).toBe('Zürich: Ärger mit «Télécom» – 東京 🚨');
    expect(sheet.getRow(2).getCell(6).value).toBe('Société Générale');
  });

  it('writes formula-looking values as text cells, and drops what XML cannot carry', async () => {
    const sheet = await readBack();
    const title = sheet.getRow(3).getCell(2);
    expect(title.type).toBe(ExcelJS.ValueType.String);
    expect(title.value).toBe('=HYPERLINK("http://evil.test","x")');
    expect(sheet.getRow(3).getCell(9).value).toBe('+1; @a');
    expect(sheet.getRow(4).getCell(2).value).toBe('bell here');
  });
});
