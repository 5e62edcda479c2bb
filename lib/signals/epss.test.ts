import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { gzipCsv, makeEpssCsv } from '@/dev/signals';
import { EpssFormatError, readEpssGzip, EPSS_LIMITS } from './epss';

const fromBuffer = (buf: Buffer) => Readable.from([buf]);
/** Streamed in 64 kB chunks, like a file read. */
const chunked = (buf: Buffer) =>
  Readable.from(
    (function* () {
      for (let i = 0; i < buf.length; i += 65_536) yield buf.subarray(i, i + 65_536);
    })(),
  );

describe('readEpssGzip', () => {
  it('streams a 300,000-row file, keeping only the wanted CVEs with their exact values', async () => {
    const wanted = new Set(['CVE-2024-3400', 'CVE-2023-4966', 'CVE-2026-0001']);
    const csv = makeEpssCsv(
      [
        { cve: 'CVE-2024-3400', epss: '0.94301', percentile: '0.99912' },
        { cve: 'CVE-2023-4966', epss: '0.00042', percentile: '0.05100' },
      ],
      { filler: 299_998, scoreDate: '2026-11-30', model: 'v2025.03.14' },
    );
    const gz = gzipCsv(csv);
    const table = await readEpssGzip(chunked(gz), (id) => wanted.has(id));
    expect(table.rows).toBe(300_000);
    expect(table.refused).toBe(0);
    expect(table.scoreDate).toBe('2026-11-30');
    expect(table.modelVersion).toBe('v2025.03.14');
    expect([...table.scores]).toEqual([
      ['CVE-2024-3400', { epss: 0.94301, percentile: 0.99912 }],
      ['CVE-2023-4966', { epss: 0.00042, percentile: 0.051 }],
    ]);
  }, 60_000);

  it('refuses rows that are not a CVE id or whose scores are outside 0..1, keeping the rest', async () => {
    const csv = makeEpssCsv([
      { cve: 'CVE-2024-0001', epss: '0.5', percentile: '0.9' },
      { cve: '<script>alert(1)</script>', epss: '0.5', percentile: '0.5' },
      { cve: 'CVE-2024-0002', epss: '1.5', percentile: '0.5' },
      { cve: 'CVE-2024-0003', epss: '-0.1', percentile: '0.5' },
      { cve: 'CVE-2024-0004', epss: 'NaN', percentile: '0.5' },
      { cve: 'CVE-2024-0005', epss: '0.1', percentile: '2' },
      { cve: 'CVE-2024-0006', epss: '1e-3', percentile: '0.5' },
    ]);
    const table = await readEpssGzip(fromBuffer(gzipCsv(csv)), () => true);
    expect(table.rows).toBe(1);
    expect(table.refused).toBe(6);
    expect([...table.scores.keys()]).toEqual(['CVE-2024-0001']);
  });

  it('refuses the whole file for a 1 MB line', async () => {
    const csv = makeEpssCsv([{ cve: 'CVE-2024-0001', epss: '0.5', percentile: '0.9' }]).concat(
      `CVE-2024-0002,0.1,${'9'.repeat(1024 * 1024)}\n`,
    );
    await expect(readEpssGzip(fromBuffer(gzipCsv(csv)), () => true)).rejects.toThrow(
      /line 4 is longer than 1024 characters/,
    );
  });

  it('refuses a truncated gzip stream, a missing header and too many bytes', async () => {
    const gz = gzipCsv(makeEpssCsv([], { filler: 20_000 }));
    await expect(
      readEpssGzip(fromBuffer(gz.subarray(0, gz.length >> 1)), () => true),
    ).rejects.toThrow(/unexpected end of file/i);
    await expect(
      readEpssGzip(fromBuffer(gzipCsv('cve,score\nCVE-2024-0001,0.1\n')), () => true),
    ).rejects.toBeInstanceOf(EpssFormatError);
    await expect(
      readEpssGzip(fromBuffer(gz), () => true, { ...EPSS_LIMITS, maxBytes: 100_000 }),
    ).rejects.toThrow(/larger than 100000 bytes/);
    await expect(readEpssGzip(fromBuffer(Buffer.from('not gzip')), () => true)).rejects.toThrow();
  });
});
