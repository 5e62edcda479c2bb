import { briefSignalsOf, cvesWithSignals } from './brief-signals';
import { formatPercent, formatPercentile } from './format';
import type { CveSignals, CveWithSignals } from './types';

// KEV and EPSS in each export's own form: CSV cells, JSON Feed extension fields, STIX external
// references, Markdown. With both upstreams off (NO_SIGNALS) the exports carry none of them.

export const KEV_CATALOG_URL = 'https://www.cisa.gov/known-exploited-vulnerabilities-catalog';
export const SIGNAL_CSV_COLUMNS = ['kev', 'kev_cves', 'max_epss', 'epss'] as const;
export type SignalCsvColumn = (typeof SIGNAL_CSV_COLUMNS)[number];

/** `kev`: yes/no; `kev_cves`: `CVE (added D, due D)`; `max_epss`: 0..1; `epss`: per CVE. */
export function signalCsvCells(
  cveIds: readonly string[],
  signals: CveSignals,
): Record<SignalCsvColumn, string> {
  const cves = cvesWithSignals(cveIds, signals);
  const { kev, maxEpss } = briefSignalsOf(cveIds, signals);
  return {
    kev: kev ? 'yes' : 'no',
    kev_cves: cves
      .filter((c) => c.kev)
      .map(
        (c) =>
          `${c.id} (added ${c.kev!.dateAdded}${c.kev!.dueDate ? `, due ${c.kev!.dueDate}` : ''})`,
      )
      .join('; '),
    max_epss: maxEpss === null ? '' : String(maxEpss),
    epss: cves
      .filter((c) => c.epss)
      .map((c) => `${c.id} ${c.epss!.epss} (percentile ${c.epss!.percentile})`)
      .join('; '),
  };
}

export interface JsonFeedSignalFields {
  _kev: boolean;
  _epss_max: number | null;
  /** Per CVE of the brief that has a signal: CISA KEV dates and action, FIRST EPSS. */
  _cve_signals: {
    id: string;
    kev?: {
      date_added: string;
      due_date: string | null;
      required_action: string;
      known_ransomware_campaign_use: boolean;
    };
    epss?: { score: number; percentile: number; date: string | null };
  }[];
}

export function jsonFeedSignalFields(
  cveIds: readonly string[],
  signals: CveSignals,
): JsonFeedSignalFields {
  const { kev, maxEpss } = briefSignalsOf(cveIds, signals);
  return {
    _kev: kev,
    _epss_max: maxEpss,
    _cve_signals: cvesWithSignals(cveIds, signals)
      .filter((c) => c.kev || c.epss)
      .map((c) => ({
        id: c.id,
        ...(c.kev && {
          kev: {
            date_added: c.kev.dateAdded,
            due_date: c.kev.dueDate,
            required_action: c.kev.requiredAction,
            known_ransomware_campaign_use: c.kev.ransomware === 'known',
          },
        }),
        ...(c.epss && {
          epss: { score: c.epss.epss, percentile: c.epss.percentile, date: c.epss.scoreDate },
        }),
      })),
  };
}

/** A STIX vulnerability's references for its signals, and the time its content last changed. */
export function stixSignalReferences(
  cve: string,
  signals: CveSignals,
): { references: Record<string, string>[]; changedOn: string | null } {
  const [c] = cvesWithSignals([cve], signals) as [CveWithSignals];
  // No external_id: STIX allows a CVE id only under source_name "cve", which the vulnerability
  // already carries; these references name the catalog and the score by url and description.
  const references: Record<string, string>[] = [];
  const days: string[] = [];
  if (c.kev) {
    const parts = [
      `In CISA's Known Exploited Vulnerabilities catalog since ${c.kev.dateAdded}`,
      c.kev.dueDate && `due ${c.kev.dueDate}`,
      `known ransomware campaign use: ${c.kev.ransomware}`,
      c.kev.requiredAction && `required action: ${c.kev.requiredAction}`,
    ];
    references.push({
      source_name: 'cisa-kev',
      url: KEV_CATALOG_URL,
      description: parts.filter(Boolean).join('; '),
    });
    days.push(c.kev.dateAdded);
  }
  if (c.epss) {
    references.push({
      source_name: 'first-epss',
      url: `https://api.first.org/data/v1/epss?cve=${cve}`,
      description: `EPSS ${c.epss.epss} (percentile ${c.epss.percentile})${c.epss.scoreDate ? ` on ${c.epss.scoreDate}` : ''}`,
    });
    if (c.epss.scoreDate) days.push(c.epss.scoreDate);
  }
  const latest = days.sort().at(-1);
  return { references, changedOn: latest ? `${latest}T00:00:00.000Z` : null };
}

/** What the JSON API adds to a brief: its signals and each CVE's (nothing while both are off). */
export function apiSignalFields(
  cveIds: readonly string[],
  signals: CveSignals,
): { signals?: ReturnType<typeof briefSignalsOf>; cveSignals?: CveWithSignals[] } {
  if (signals.version === 0) return {};
  return {
    signals: briefSignalsOf(cveIds, signals),
    cveSignals: cvesWithSignals(cveIds, signals),
  };
}

/** The Markdown suffix of a CVE line: ` · CISA KEV (added …, due …) · EPSS 12.3% (97th)`. */
export function markdownSignals(cve: CveWithSignals): string {
  const parts: string[] = [];
  if (cve.kev) {
    parts.push(
      `**CISA KEV** (added ${cve.kev.dateAdded}${cve.kev.dueDate ? `, due ${cve.kev.dueDate}` : ''}${cve.kev.ransomware === 'known' ? ', known ransomware use' : ''})`,
    );
  }
  if (cve.epss) {
    parts.push(
      `EPSS ${formatPercent(cve.epss.epss)} (${formatPercentile(cve.epss.percentile)} percentile${cve.epss.scoreDate ? `, ${cve.epss.scoreDate}` : ''})`,
    );
  }
  return parts.map((p) => ` · ${p}`).join('');
}
