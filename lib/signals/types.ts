// What the dashboard keeps per CVE from two public upstreams beside the feed: CISA's Known
// Exploited Vulnerabilities catalog and FIRST's EPSS scores. Joined to briefs at query and render
// time (lib/signals/brief-signals.ts), never stored in them, so a new EPSS day needs no re-ingest.

export interface KevEntry {
  dateAdded: string; // YYYY-MM-DD
  dueDate: string | null; // YYYY-MM-DD
  requiredAction: string; // plain text, shown as text
  /** CISA's `knownRansomwareCampaignUse`: "Known", "Unknown". */
  ransomware: 'known' | 'unknown';
  vulnerabilityName: string; // plain text, shown as text
}

export interface EpssScore {
  /** Probability of exploitation in the next 30 days, 0..1. */
  epss: number;
  percentile: number; // 0..1
}

export interface CveSignal {
  kev: KevEntry | null;
  epss: EpssScore | null;
}

/** The per-CVE signals of the CVEs the feed mentions, and when their upstreams dated them. */
export interface CveSignals {
  /** Changes whenever either side (the signals or the feed's CVEs) changes: a cache key. */
  version: number;
  byCve: ReadonlyMap<string, CveSignal>;
  /** EPSS `score_date` (YYYY-MM-DD) and model, null without EPSS data. */
  epssScoreDate: string | null;
  epssModel: string | null;
  kevCatalogVersion: string | null;
}

/**
 * No signal upstream is on (or none has data yet). Tested by version, never by identity: Next.js
 * may bundle this module into several server chunks, each with its own NO_SIGNALS object.
 */
export function hasSignals(signals: CveSignals): boolean {
  return signals.version > 0;
}

export const NO_SIGNALS: CveSignals = {
  version: 0,
  byCve: new Map(),
  epssScoreDate: null,
  epssModel: null,
  kevCatalogVersion: null,
};

/** What a brief carries from the signals: its list row, filters, sort and exports read it. */
export interface BriefSignals {
  /** One of its CVEs is in the KEV catalog. */
  kev: boolean;
  /** The highest EPSS score among its CVEs, or null when none has one. */
  maxEpss: number | null;
}

/** One CVE of a brief with its signals, as the brief page, API and exports show it. */
export interface CveWithSignals {
  id: string;
  kev: KevEntry | null;
  epss: (EpssScore & { scoreDate: string | null }) | null;
}

export const CVE_ID = /^CVE-\d{4}-\d{4,7}$/;

/** Where an upstream's served file came from. */
export type SignalSource = 'upstream' | 'disk' | 'bundled' | 'none';

export interface SignalUpstreamStatus {
  url: string;
  source: SignalSource;
  /** KEV: catalogVersion; EPSS: model_version. */
  version: string | null;
  /** KEV: dateReleased; EPSS: score_date. */
  date: string | null;
  /** Entries (KEV) or rows (EPSS) in the served file, and how many of them were refused. */
  entries: number;
  refused: number;
  /** CVEs of the served feed that have this signal. */
  matched: number;
  lastSuccessAt: string | null;
  lastError: string | null;
}

export interface SignalsStatus {
  kev: SignalUpstreamStatus;
  epss: SignalUpstreamStatus;
  /** CVE ids the served feed mentions (only their signals are kept). */
  feedCves: number;
}

/** Feed CVEs with a KEV entry, with an EPSS score: counted once per signals version (a status is per request). */
const matchedOf = new WeakMap<CveSignals, { kev: number; epss: number }>();

export function matchedCounts(signals: CveSignals): { kev: number; epss: number } {
  let counts = matchedOf.get(signals);
  if (!counts) {
    counts = { kev: 0, epss: 0 };
    for (const signal of signals.byCve.values()) {
      if (signal.kev) counts.kev++;
      if (signal.epss) counts.epss++;
    }
    matchedOf.set(signals, counts);
  }
  return counts;
}
