import { hash32, Rng } from '../synth/random';
import { addDays, gzipCsv, makeEpssCsv, makeKevDocument, type KevFixtureEntry } from './index';

// The bundled KEV and EPSS data (data/signals/): made-up but plausible values for every CVE the
// demo snapshot mentions, so the offline demo shows both signals. Deterministic per CVE id.

interface DemoItem {
  date_published?: string;
  _cs_cves?: { id: string; cvss?: number | null }[];
  _cs_vendors?: string[];
  _cs_products?: string[];
  _cs_exploited?: boolean;
}

const ACTIONS = [
  'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
  'Apply the vendor update. Hunt for signs of compromise on exposed instances before patching.',
  'Apply updates per vendor instructions; disconnect affected appliances until they are patched.',
];

export function buildDemoSignals(feed: { items: DemoItem[] }): { kev: string; epss: Buffer } {
  const seen = new Map<string, { date: string; cvss: number | null; item: DemoItem }>();
  for (const item of feed.items)
    for (const cve of item._cs_cves ?? [])
      if (!seen.has(cve.id))
        seen.set(cve.id, {
          date: (item.date_published ?? '2026-01-01').slice(0, 10),
          cvss: cve.cvss ?? null,
          item,
        });
  const kev: KevFixtureEntry[] = [];
  const rows: { cve: string; epss: string; percentile: string }[] = [];
  for (const [id, { date, cvss, item }] of [...seen].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const rng = new Rng(hash32(id));
    const exploited = item._cs_exploited === true;
    const severe = (cvss ?? 5) >= 8.5;
    // Exploited, severe CVEs mostly are in KEV with high EPSS; the rest mostly not.
    const inKev = rng.chance(exploited ? 0.75 : severe ? 0.3 : 0.05);
    const epss = inKev || exploited ? 0.2 + 0.77 * rng.next() : rng.next() ** 4 * 0.3;
    const percentile = Math.min(0.99999, 0.5 + epss * 0.5 + rng.next() * 0.05);
    rows.push({ cve: id, epss: epss.toFixed(5), percentile: percentile.toFixed(5) });
    if (inKev) {
      const dateAdded = addDays(date, -rng.int(0, 6));
      kev.push({
        cveID: id,
        vendorProject: item._cs_vendors?.[0] ?? 'Unknown',
        product: item._cs_products?.[0] ?? 'Unknown',
        vulnerabilityName: `${item._cs_vendors?.[0] ?? 'Vendor'} ${item._cs_products?.[0] ?? 'product'} vulnerability`,
        dateAdded,
        dueDate: addDays(dateAdded, rng.chance(0.7) ? 21 : 7),
        requiredAction: rng.pick(ACTIONS),
        knownRansomwareCampaignUse: rng.chance(0.3) ? 'Known' : 'Unknown',
      });
    }
  }
  const kevDoc = makeKevDocument(kev, {
    catalogVersion: '2026.12.01',
    dateReleased: '2026-12-01T15:30:00.0000Z',
  });
  return {
    kev: `${JSON.stringify(kevDoc, null, 1)}\n`,
    epss: gzipCsv(makeEpssCsv(rows, { filler: 500, scoreDate: '2026-12-01' })),
  };
}
