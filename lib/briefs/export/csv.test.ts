import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CSV_BOM, CSV_COLUMNS, toBriefsCsv, toSpreadsheetDate } from '@/lib/briefs/export/csv';
import { makeBrief } from '@/test/support/test-briefs';

const parse = (csv: string) =>
  Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });

const ORIGIN = 'https://dash.example';

describe('toBriefsCsv', () => {
  const brief = makeBrief({
    slug: 'log4shell',
    title: 'Log4Shell, "again"\nsecond line',
    date: '2024-05-01T10:00:00Z',
    type: 'threat',
    severity: 'critical',
    vendors: ['Apache', 'VMware'],
    products: ['Log4j'],
    actors: [],
    tags: ['initial_access', 'rce'],
    cves: ['CVE-2021-44228', { id: 'CVE-2021-45046', cvss: 9 }],
    techniques: ['T1190', 'T1059.001'],
    url: 'https://feed.craftedsignal.io/briefs/log4shell/',
    iocCount: 3,
    iocTypes: ['domain', 'ipv4'],
    confidence: 80,
  });

  it('writes a header and one row per brief that round-trip through papaparse', () => {
    const csv = toBriefsCsv([brief, makeBrief({ slug: 'plain', title: 'Plain' })], ORIGIN);
    expect(csv.startsWith(`${CSV_BOM}${CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    const parsed = parse(csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([...CSV_COLUMNS]);
    expect(parsed.data).toHaveLength(2);
    expect(parsed.data[0]).toEqual({
      slug: 'log4shell',
      title: 'Log4Shell, "again"\nsecond line',
      date: '2024-05-01 10:00:00',
      type: 'threat',
      severity: 'critical',
      vendors: 'Apache; VMware',
      products: 'Log4j',
      actors: '',
      tags: 'initial_access; rce',
      cves: 'CVE-2021-44228; CVE-2021-45046',
      techniques: 'T1190; T1059.001',
      url: 'https://dash.example/briefs/log4shell',
      external_url: 'https://feed.craftedsignal.io/briefs/log4shell/',
      indicators: '3',
      indicator_types: 'domain; ipv4',
      confidence: '80',
    });
    expect(parsed.data[1]).toMatchObject({
      slug: 'plain',
      type: '',
      severity: '',
      url: 'https://dash.example/briefs/plain',
      external_url: '',
      indicators: '0',
      indicator_types: '',
      confidence: '',
    });
  });

  it('quotes per RFC 4180 and ends lines with CRLF', () => {
    const csv = toBriefsCsv([brief], ORIGIN);
    expect(csv).toContain('"Log4Shell, ""again""\nsecond line"');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    const titles = [
      '=HYPERLINK("http://x","y")',
      '+1+1',
      '-2+3',
      '@SUM(A1)',
      '\tcmd',
      '\rcmd',
      '=1\n=2',
    ];
    const briefs = titles.map((title, i) =>
      makeBrief({ slug: `f${i}`, title, tags: ['=tag', 'ok'] }),
    );
    const parsed = parse(toBriefsCsv(briefs, ORIGIN));
    expect(parsed.data.map((row) => row.title)).toEqual(titles.map((t) => `'${t}`));
    expect(parsed.data[0]!.tags).toBe("'=tag; ok");
  });

  it('leaves ordinary cells alone', () => {
    const parsed = parse(
      toBriefsCsv([makeBrief({ title: 'Ivanti - again (= bad)', vendors: ['A-B'] })], ORIGIN),
    );
    expect(parsed.data[0]).toMatchObject({ title: 'Ivanti - again (= bad)', vendors: 'A-B' });
  });

  it('writes only the header for no briefs', () => {
    expect(toBriefsCsv([], ORIGIN)).toBe(`${CSV_BOM}${CSV_COLUMNS.join(',')}\r\n`);
  });

  it('writes dates as spreadsheets read them (UTC)', () => {
    expect(toSpreadsheetDate('2026-09-02T09:05:07.123Z')).toBe('2026-09-02 09:05:07');
    expect(toSpreadsheetDate('2026-09-02T09:05:07Z')).toBe('2026-09-02 09:05:07');
    expect(toSpreadsheetDate('not a date')).toBe('not a date');
  });
});
