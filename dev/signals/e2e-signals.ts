import { gzipCsv, makeEpssCsv, makeKevDocument, type EpssRow, type KevFixtureEntry } from './index';

// Hand-written KEV and EPSS values for some CVEs of the `basic` fixture, for the browser tests of
// the KEV/EPSS UI (e2e/signals.spec.ts): small, and exact, so a spec can name every value it sees.
// Served by the stand-in upstream with `--signals e2e` (playwright.config.ts, the `signals` app).

export const E2E_EPSS_SCORE_DATE = '2026-12-01';

export const E2E_KEV: readonly KevFixtureEntry[] = [
  {
    cveID: 'CVE-2024-21762',
    vulnerabilityName: 'FortiOS SSL VPN out-of-bounds write',
    dateAdded: '2024-02-09',
    dueDate: '2024-02-16',
    requiredAction: 'Upgrade FortiOS or disable the SSL VPN.',
    knownRansomwareCampaignUse: 'Unknown',
  },
  {
    cveID: 'CVE-2023-4966',
    vulnerabilityName: 'NetScaler session token disclosure',
    dateAdded: '2023-10-18',
    dueDate: '2023-11-08',
    requiredAction: 'Patch NetScaler and end every active session.',
    knownRansomwareCampaignUse: 'Known',
  },
  {
    cveID: 'CVE-2024-21887',
    vulnerabilityName: 'Connect Secure command injection',
    dateAdded: '2024-01-10',
    dueDate: '2024-01-31',
    requiredAction: 'Apply the mitigation, then the patch.',
    knownRansomwareCampaignUse: 'Unknown',
  },
];

export const E2E_EPSS: readonly EpssRow[] = [
  { cve: 'CVE-2023-4966', epss: '0.94300', percentile: '0.99910' },
  { cve: 'CVE-2024-21762', epss: '0.92000', percentile: '0.99500' },
  { cve: 'CVE-2024-21887', epss: '0.80000', percentile: '0.99000' },
  { cve: 'CVE-2023-46805', epss: '0.35000', percentile: '0.97000' },
  { cve: 'CVE-2022-41082', epss: '0.12000', percentile: '0.95200' },
  { cve: 'CVE-2026-21001', epss: '0.00400', percentile: '0.41000' },
];

export function buildE2eSignals(): { kev: object; epss: Buffer } {
  return {
    kev: makeKevDocument(E2E_KEV, { catalogVersion: '2026.12.01' }),
    epss: gzipCsv(makeEpssCsv(E2E_EPSS, { filler: 100, scoreDate: E2E_EPSS_SCORE_DATE })),
  };
}
