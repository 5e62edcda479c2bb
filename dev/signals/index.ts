import { gzipSync } from 'node:zlib';
import { Rng } from '../synth/random';

// Stand-in KEV catalogs and EPSS files in the upstreams' own shapes (CISA's JSON, FIRST's gzip'd
// CSV), for the bundled demo data (scripts/generate-signals-snapshot.ts), the stand-in upstream
// and tests. Values are made up but plausible; nothing is copied from the real catalogs.

export interface KevFixtureEntry {
  cveID: string;
  vendorProject?: string;
  product?: string;
  vulnerabilityName?: string;
  dateAdded: string;
  shortDescription?: string;
  requiredAction?: string;
  dueDate?: string;
  knownRansomwareCampaignUse?: string;
  notes?: string;
  cwes?: string[];
}

export function makeKevDocument(
  entries: readonly KevFixtureEntry[],
  opts: { catalogVersion?: string; dateReleased?: string } = {},
): object {
  return {
    title: 'CISA Catalog of Known Exploited Vulnerabilities',
    catalogVersion: opts.catalogVersion ?? '2026.12.01',
    dateReleased: opts.dateReleased ?? '2026-12-01T16:00:00.0000Z',
    count: entries.length,
    vulnerabilities: entries.map((e) => ({
      vendorProject: 'Example',
      product: 'Example Product',
      vulnerabilityName: 'Example Product Improper Input Validation Vulnerability',
      shortDescription: 'A made-up description for the stand-in catalog.',
      requiredAction:
        'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
      dueDate: Number.isFinite(Date.parse(`${e.dateAdded}T00:00:00Z`))
        ? addDays(e.dateAdded, 21)
        : e.dateAdded,
      knownRansomwareCampaignUse: 'Unknown',
      notes: '',
      cwes: ['CWE-20'],
      ...e,
    })),
  };
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export interface EpssRow {
  cve: string;
  epss: number | string;
  percentile: number | string;
}

/**
 * An EPSS CSV: the comment line, the header, `rows` (given first, as they are, so hostile ones can
 * be written) then `filler` generated rows of CVE ids none of the fixtures use (CVE-1999-*).
 */
export function makeEpssCsv(
  rows: readonly EpssRow[],
  opts: { filler?: number; scoreDate?: string; model?: string; seed?: number } = {},
): string {
  const lines = [
    `#model_version:${opts.model ?? 'v2025.03.14'},score_date:${opts.scoreDate ?? '2026-12-01'}T12:55:00Z`,
    'cve,epss,percentile',
    ...rows.map((r) => `${r.cve},${r.epss},${r.percentile}`),
  ];
  const rng = new Rng(opts.seed ?? 7);
  for (let i = 0; i < (opts.filler ?? 0); i++) {
    const epss = Math.min(0.99, rng.next() ** 6);
    lines.push(`CVE-1999-${String(100000 + i)},${epss.toFixed(5)},${rng.next().toFixed(5)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function gzipCsv(csv: string): Buffer {
  return gzipSync(Buffer.from(csv, 'utf8'));
}
