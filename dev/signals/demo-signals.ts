import { hash32, Rng } from '../synth/random';
import { addDays, gzipCsv, makeEpssCsv, makeKevDocument, type KevFixtureEntry } from './index';

// The bundled KEV and EPSS data (data/signals/): made-up but plausible values for every CVE the
// demo snapshot mentions, so the offline demo shows both signals. Deterministic per CVE id.

interface DemoItem {
  date_published?: string;
  _cs_cves?: { id: string; cvss?: number | null }[];
  _cs_vendors?: unknown;
  _cs_products?: unknown;
  _cs_exploited?: boolean;
}

const ACTIONS = [
  'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
  'Apply the vendor update. Hunt for signs of compromise on exposed instances before patching.',
  'Apply updates per vendor instructions; disconnect affected appliances until they are patched.',
];

export function buildDemoSignals(feed: { items: readonly unknown[] }): {
  kev: string;
  epss: Buffer;
} {
  const seen = new Map<string, { date: string; cvss: number | null; item: DemoItem }>();
  // Any shape (the stand-in serves malformed fixtures too): only CVE ids that look like one.
  for (const raw of feed.items) {
    const item = raw as DemoItem | null;
    if (typeof item !== 'object' || item === null || !Array.isArray(item._cs_cves)) continue;
    for (const cve of item._cs_cves as unknown[]) {
      if (typeof cve !== 'object' || cve === null) continue;
      const { id, cvss } = cve as { id?: unknown; cvss?: unknown };
      if (typeof id !== 'string' || !/^CVE-\d{4}-\d{4,7}$/.test(id) || seen.has(id)) continue;
      seen.set(id, {
        date: /^\d{4}-\d{2}-\d{2}/.exec(String(item.date_published ?? ''))?.[0] ?? '2026-01-01',
        cvss: typeof cvss === 'number' ? cvss : null,
        item,
      });
    }
  }
  const kev: KevFixtureEntry[] = [];
  const rows: { cve: string; epss: string; percentile: string }[] = [];
  for (const [id, { date, cvss, item }] of [...seen].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const rng = new Rng(hash32(id));
    const exploited = item._cs_exploited === true;
    const names = (list: unknown) =>
      Array.isArray(list) && typeof list[0] === 'string' ? (list[0] as string) : undefined;
    const vendor = names(item._cs_vendors);
    const product = names(item._cs_products);
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
        vendorProject: vendor ?? 'Unknown',
        product: product ?? 'Unknown',
        vulnerabilityName: `${vendor ?? 'Vendor'} ${product ?? 'product'} vulnerability`,
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
