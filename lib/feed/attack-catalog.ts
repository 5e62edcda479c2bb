import 'server-only';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  loadBundledCatalog,
  parseCompactCatalog,
  reduceAttackBundle,
  TechniqueCatalog,
} from '@/lib/briefs/attack/catalog';
import type { AppConfig } from '@/lib/config';
import { describeError } from './errors';
import { recordUpstreamError } from '@/lib/ops/crawl-report';
import { moduleLog } from '@/lib/ops/log';
import { fetchUpstreamJson, type Validators } from './http-client';

// MITRE's Enterprise ATT&CK catalog: technique names and tactics, a second cached upstream.
// Reduced at ingest to a compact catalog (a few hundred kB), kept on disk, refreshed daily, and
// kept when a refresh fails. The bundled catalog covers only the demo snapshot: the UI calls it
// partial. One catalog serves the whole process.

const REFRESH_MS = 24 * 3600 * 1000;
/** The real bundle is about 45 MB: more than the feed's per-page cap. */
const MIN_CATALOG_BYTES = 100 * 1024 * 1024;
const FILE = 'attack-catalog.json';

export type CatalogSource = 'upstream' | 'disk' | 'bundled';

interface CatalogState {
  catalog: TechniqueCatalog;
  source: CatalogSource;
  validators: Validators | null;
  lastAttemptAt: number;
  lastError: string | null;
  /** When the catalog was last read from the upstream (a 304 too), ms since the epoch. */
  lastSuccessAt?: number;
}

const STATE_KEY = Symbol.for('threat-brief-dashboard.attack-catalog');
type GlobalWithCatalog = typeof globalThis & { [STATE_KEY]?: CatalogState };

function state(): CatalogState {
  const g = globalThis as GlobalWithCatalog;
  g[STATE_KEY] ??= {
    catalog: loadBundledCatalog(),
    source: 'bundled',
    validators: null,
    lastAttemptAt: 0,
    lastError: null,
  };
  return g[STATE_KEY];
}

export function getTechniqueCatalog(): TechniqueCatalog {
  return state().catalog;
}

export function getCatalogStatus(): {
  source: CatalogSource;
  partial: boolean;
  techniques: number;
  lastError: string | null;
} {
  const { catalog, source, lastError } = state();
  return { source, partial: source === 'bundled', techniques: catalog.size, lastError };
}

/** When the catalog was last read from its upstream (ms since the epoch), null if not yet. */
export function catalogLastSuccessAt(): number | null {
  return state().lastSuccessAt ?? null;
}

/** Loads the catalog saved by an earlier run, if any and if it is still readable. */
export async function loadCatalogFromDisk(cacheDir: string): Promise<boolean> {
  const s = state();
  if (s.source !== 'bundled') return false;
  try {
    const saved = JSON.parse(await readFile(path.resolve(cacheDir, FILE), 'utf8')) as {
      validators?: Validators;
      catalog: unknown;
    };
    s.catalog = new TechniqueCatalog(parseCompactCatalog(saved.catalog));
    s.source = 'disk';
    s.validators = saved.validators ?? null;
    return true;
  } catch {
    return false; // missing or damaged: the bundled catalog keeps serving
  }
}

/** Refreshes the catalog when a day has passed; resolves true when a new catalog took effect. */
export async function refreshCatalogIfDue(config: AppConfig): Promise<boolean> {
  const s = state();
  if (config.attackUrl === 'off' || Date.now() - s.lastAttemptAt < REFRESH_MS) return false;
  s.lastAttemptAt = Date.now();
  try {
    const result = await fetchUpstreamJson(config.attackUrl, {
      timeoutMs: Math.max(config.timeoutMs, 60_000),
      maxBytes: Math.max(config.maxBytes, MIN_CATALOG_BYTES),
      validators: s.source === 'bundled' ? undefined : (s.validators ?? undefined),
    });
    s.lastError = null;
    s.lastSuccessAt = Date.now();
    if (result.kind === 'not-modified') return false;
    const compact = reduceAttackBundle(result.body, config.attackUrl);
    if (compact.techniques.length === 0)
      throw new Error(`${config.attackUrl} holds no ATT&CK techniques`);
    s.catalog = new TechniqueCatalog(compact);
    s.source = 'upstream';
    s.validators = result.validators;
    await saveCatalog(config.cacheDir, compact, result.validators);
    return true;
  } catch (err) {
    s.lastError = describeError(err);
    recordUpstreamError('attack_catalog', err);
    return false;
  }
}

async function saveCatalog(
  cacheDir: string,
  catalog: unknown,
  validators: Validators,
): Promise<void> {
  const target = path.resolve(cacheDir, FILE);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(temp, JSON.stringify({ validators, catalog }));
    await rename(temp, target);
  } catch (err) {
    moduleLog('attack-catalog').error(`Could not save the ATT&CK catalog: ${describeError(err)}`);
  }
}
