import 'server-only';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AppConfig } from '@/lib/config';
import { describeError } from '@/lib/feed/errors';
import type { Validators } from '@/lib/feed/http-client';
import { redactUrlsIn } from '@/lib/feed/redact';
import { registerDataAge } from '@/lib/ops/metrics';
import { readEpssGzip, type EpssLimits, EPSS_LIMITS } from './epss';
import { parseKevCatalog } from './kev';
import {
  bundledFile,
  cacheFile,
  fetchSignalFile,
  readValidators,
  verifies,
  type SignalKind as Kind,
} from './signal-files';
import {
  matchedCounts,
  NO_SIGNALS,
  type CveSignal,
  type CveSignals,
  type SignalSource,
  type SignalsStatus,
  type SignalUpstreamStatus,
} from './types';

// The two signal upstreams (KEV, EPSS) as the process keeps them: each upstream's last good file
// on disk (CACHE_DIR/signals/, verified again whenever it is read), and in memory only the
// signals of the CVEs the served feed mentions. A new file or a new set of feed CVEs rebuilds that
// small map; briefs are never re-ingested. Refreshed daily (SIGNALS_REFRESH_SECONDS); a failed
// refresh keeps the last good data and its error shows in /api/status. Falls back to the bundled
// files in data/signals/, which cover the demo snapshot's CVEs.
// The files themselves (saved, bundled, fetched) are signal-files.ts's. A few lines over 300
// because the rest is one state machine over one state (both upstreams' schedule, the rebuild of
// the in-memory map, and the status read from them).

interface UpstreamState {
  source: SignalSource;
  /** The verified file the served data came from. */
  file: string | null;
  validators: Validators | null;
  lastAttemptAt: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** KEV: catalogVersion / dateReleased; EPSS: model / score date. */
  version: string | null;
  date: string | null;
  /** Entries (KEV) or valid rows (EPSS) in the file; refused ones apart. */
  entries: number;
  refused: number;
}

interface SignalsState {
  kev: UpstreamState;
  epss: UpstreamState;
  signals: CveSignals;
  /** The served feed's CVE ids, as last seen. */
  wanted: ReadonlySet<string>;
  rebuilding: Promise<void> | null;
  rebuildAgain: boolean;
  refreshing: Promise<void> | null;
  timer: NodeJS.Timeout | null;
  limits: EpssLimits;
  /** Never reused: a cache keyed by a version can never confuse two builds. */
  builds: number;
}

const STATE_KEY = Symbol.for('threat-brief-dashboard.cve-signals');
type GlobalWithSignals = typeof globalThis & { [STATE_KEY]?: SignalsState };

const emptyUpstream = (): UpstreamState => ({
  source: 'none',
  file: null,
  validators: null,
  lastAttemptAt: 0,
  lastSuccessAt: null,
  lastError: null,
  version: null,
  date: null,
  entries: 0,
  refused: 0,
});

function state(): SignalsState {
  const g = globalThis as GlobalWithSignals;
  g[STATE_KEY] ??= {
    kev: emptyUpstream(),
    epss: emptyUpstream(),
    signals: NO_SIGNALS,
    wanted: new Set(),
    rebuilding: null,
    rebuildAgain: false,
    refreshing: null,
    timer: null,
    limits: EPSS_LIMITS,
    builds: 0,
  };
  return g[STATE_KEY];
}

/** The signals of the served feed's CVEs: read-only, replaced whole on each rebuild. */
export function getCveSignals(): CveSignals {
  return state().signals;
}

/**
 * Picks each upstream's file: the one saved by an earlier run when it still verifies; with the
 * URL `offline` (the bundled demo), the bundled one, whose made-up values never mix with a live
 * feed. Builds the signals of `feedCves`.
 */
export async function loadSignals(config: AppConfig, feedCves: Iterable<string>): Promise<void> {
  const s = state();
  s.wanted = new Set(feedCves);
  for (const kind of ['kev', 'epss'] as const) {
    const up = s[kind];
    if (up.source !== 'none' || urlOf(config, kind) === 'off') continue;
    const saved = cacheFile(config.cacheDir, kind);
    if (urlOf(config, kind) === 'offline') {
      if (await verifies(kind, bundledFile(kind), s.limits)) {
        up.source = 'bundled';
        up.file = bundledFile(kind);
      }
    } else if (await verifies(kind, saved, s.limits)) {
      up.source = 'disk';
      up.file = saved;
      up.validators = await readValidators(config.cacheDir, kind);
    }
  }
  await rebuild();
}

/** The served feed changed: rebuild the signals when its set of CVEs did. */
export function noteFeedCves(feedCves: readonly string[]): Promise<void> {
  const s = state();
  if (feedCves.length === s.wanted.size && feedCves.every((id) => s.wanted.has(id)))
    return s.rebuilding ?? Promise.resolve();
  s.wanted = new Set(feedCves);
  return rebuild();
}

/** Single flight; a change during a rebuild runs one more after it. */
function rebuild(): Promise<void> {
  const s = state();
  if (s.rebuilding) {
    s.rebuildAgain = true;
    return s.rebuilding;
  }
  s.rebuilding = (async () => {
    do {
      s.rebuildAgain = false;
      await rebuildOnce();
    } while (s.rebuildAgain);
  })().finally(() => {
    s.rebuilding = null;
  });
  return s.rebuilding;
}

async function rebuildOnce(): Promise<void> {
  const s = state();
  // Both upstreams off (or never loaded): the briefs carry no signals at all.
  if (!s.kev.file && !s.epss.file) {
    s.signals = NO_SIGNALS;
    return;
  }
  const wanted = s.wanted;
  const byCve = new Map<string, CveSignal>();
  const entry = (id: string) => {
    let e = byCve.get(id);
    if (!e) byCve.set(id, (e = { kev: null, epss: null }));
    return e;
  };
  let kevVersion: string | null = null;
  let scoreDate: string | null = null;
  let model: string | null = null;
  if (s.kev.file) {
    try {
      const catalog = parseKevCatalog(JSON.parse(await readFile(s.kev.file, 'utf8')));
      for (const [id, kev] of catalog.entries) if (wanted.has(id)) entry(id).kev = kev;
      kevVersion = catalog.catalogVersion;
      // `refused` stays as the download counted it: the saved copy holds the kept entries only.
      Object.assign(s.kev, {
        version: catalog.catalogVersion,
        date: catalog.dateReleased,
        entries: catalog.entries.size,
      });
    } catch (err) {
      s.kev.lastError = `the saved KEV catalog no longer verifies: ${describeError(err)}`;
    }
  }
  if (s.epss.file) {
    try {
      const table = await readEpssGzip(
        createReadStream(s.epss.file),
        (id) => wanted.has(id),
        s.limits,
      );
      for (const [id, score] of table.scores) entry(id).epss = score;
      scoreDate = table.scoreDate;
      model = table.modelVersion;
      Object.assign(s.epss, {
        version: table.modelVersion,
        date: table.scoreDate,
        entries: table.rows,
        refused: table.refused,
      });
    } catch (err) {
      s.epss.lastError = `the saved EPSS file no longer verifies: ${describeError(err)}`;
    }
  }
  s.signals = Object.freeze({
    version: ++s.builds,
    byCve,
    epssScoreDate: scoreDate,
    epssModel: model,
    kevCatalogVersion: kevVersion,
  });
}

function urlOf(config: AppConfig, kind: Kind): string {
  return kind === 'kev' ? config.kevUrl : config.epssUrl;
}

/** Refreshes each upstream whose day (SIGNALS_REFRESH_SECONDS) has passed. Single flight. */
export function refreshSignalsIfDue(config: AppConfig): Promise<void> {
  const s = state();
  s.refreshing ??= (async () => {
    const changed = await Promise.all([refreshOne(config, 'kev'), refreshOne(config, 'epss')]);
    if (changed.some(Boolean)) await rebuild();
  })().finally(() => {
    s.refreshing = null;
  });
  return s.refreshing;
}

/** Checks every minute (or each refresh interval, when shorter) whether a refresh is due. */
export function startSignalsSchedule(config: AppConfig): void {
  const s = state();
  const fetches = (url: string) => url !== 'off' && url !== 'offline';
  if (s.timer || (!fetches(config.kevUrl) && !fetches(config.epssUrl))) return;
  // /metrics' data_age_seconds{upstream="kev"|"epss"}: since the last good read of each.
  for (const kind of ['kev', 'epss'] as const) {
    registerDataAge(kind, () => {
      const at = state()[kind].lastSuccessAt;
      return at ? Date.parse(at) : null;
    });
  }
  void refreshSignalsIfDue(config);
  const every = Math.min(60, config.signalsRefreshSeconds) * 1000;
  s.timer = setInterval(() => void refreshSignalsIfDue(config), every);
  s.timer.unref();
}

async function refreshOne(config: AppConfig, kind: Kind): Promise<boolean> {
  const url = urlOf(config, kind);
  const up = state()[kind];
  if (
    url === 'off' ||
    url === 'offline' ||
    Date.now() - up.lastAttemptAt < config.signalsRefreshSeconds * 1000
  )
    return false;
  up.lastAttemptAt = Date.now();
  // Conditional only when the file it would revalidate is the upstream's own.
  const validators = up.source === 'upstream' || up.source === 'disk' ? up.validators : null;
  try {
    const fetched = await fetchSignalFile(config, kind, url, validators, state().limits);
    if (fetched.kind === 'not-modified') return succeeded(up, null);
    if (fetched.refused !== null) up.refused = fetched.refused;
    up.validators = fetched.validators;
    up.file = fetched.file;
    up.source = 'upstream';
    return succeeded(up, fetched.file);
  } catch (err) {
    up.lastError = `${kind === 'kev' ? 'KEV' : 'EPSS'}: ${describeError(err)}`;
    return false;
  }
}

function succeeded(up: UpstreamState, file: string | null): boolean {
  up.lastError = null;
  up.lastSuccessAt = new Date().toISOString();
  return file !== null;
}

export function getSignalsStatus(
  config: AppConfig,
  showUrl: (url: string) => string,
): SignalsStatus {
  const s = state();
  const { kev, epss } = matchedCounts(s.signals);
  const block = (kind: Kind, matched: number): SignalUpstreamStatus => {
    const up = s[kind];
    return {
      url: showUrl(urlOf(config, kind)),
      source: up.source,
      version: up.version,
      date: up.date,
      entries: up.entries,
      refused: up.refused,
      matched,
      lastSuccessAt: up.lastSuccessAt,
      lastError: redactUrlsIn(up.lastError),
    };
  };
  return { kev: block('kev', kev), epss: block('epss', epss), feedCves: s.wanted.size };
}
