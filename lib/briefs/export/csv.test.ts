import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, toBriefsCsv } from '@/lib/briefs/export/csv';
import { makeBrief } from '@/test/support/test-briefs';

const parse = (csv: string) =>
  Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });

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
  });

  it('writes a header and one row per brief that round-trip through papaparse', () => {
    const csv = toBriefsCsv([brief, makeBrief({ slug: 'plain', title: 'Plain' })]);
    expect(csv.startsWith(`${CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    const parsed = parse(csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([...CSV_COLUMNS]);
    expect(parsed.data).toHaveLength(2);
    expect(parsed.data[0]).toEqual({
      slug: 'log4shell',
      title: 'Log4Shell, "again"\nsecond line',
      date: '2024-05-01T10:00:00Z',
      type: 'threat',
      severity: 'critical',
      vendors: 'Apache; VMware',
      products: 'Log4j',
      actors: '',
      tags: 'initial_access; rce',
      cves: 'CVE-2021-44228; CVE-2021-45046',
      techniques: 'T1190; T1059.001',
      url: 'https://feed.craftedsignal.io/briefs/log4shell/',
    });
    expect(parsed.data[1]).toMatchObject({ slug: 'plain', type: '', severity: '', url: '' });
  });

  it('quotes per RFC 4180 and ends lines with CRLF', () => {
    const csv = toBriefsCsv([brief]);
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
    const parsed = parse(toBriefsCsv(briefs));
    expect(parsed.data.map((row) => row.title)).toEqual(titles.map((t) => `'${t}`));
    expect(parsed.data[0]!.tags).toBe("'=tag; ok");
  });

  it('leaves ordinary cells alone', () => {
    const parsed = parse(
      toBriefsCsv([makeBrief({ title: 'Ivanti - again (= bad)', vendors: ['A-B'] })]),
    );
    expect(parsed.data[0]).toMatchObject({ title: 'Ivanti - again (= bad)', vendors: 'A-B' });
  });

  it('writes only the header for no briefs', () => {
    expect(toBriefsCsv([])).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});
