import 'server-only';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '@/lib/config';
import { fetchUpstreamJson, type Validators } from '@/lib/feed/http-client';
import { downloadToFile } from './download';
import { readEpssGzip, type EpssLimits } from './epss';
import { parseKevCatalog, toKevDocument } from './kev';

// The signal upstreams' files: the last good copy of each in CACHE_DIR/signals/ with its HTTP
// validators beside it, the bundled copies in data/signals/ (the demo's CVEs), and a refresh that
// replaces the saved copy only with a file that verifies whole. signal-store.ts decides which file
// serves and when to refresh.

export type SignalKind = 'kev' | 'epss';

const BUNDLED_DIR = path.join(process.cwd(), 'data', 'signals');

export const cacheFile = (cacheDir: string, kind: SignalKind) =>
  path.resolve(cacheDir, 'signals', kind === 'kev' ? 'kev.json' : 'epss.csv.gz');
const metaFile = (cacheDir: string, kind: SignalKind) =>
  path.resolve(cacheDir, 'signals', `${kind}.meta.json`);
export const bundledFile = (kind: SignalKind) =>
  path.join(BUNDLED_DIR, kind === 'kev' ? 'kev.json' : 'epss.csv.gz');

/** Whether `file` exists and parses whole as its upstream's format. */
export async function verifies(
  kind: SignalKind,
  file: string,
  limits: EpssLimits,
): Promise<boolean> {
  try {
    if (kind === 'kev') parseKevCatalog(JSON.parse(await readFile(file, 'utf8')));
    else await readEpssGzip(createReadStream(file), () => false, limits);
    return true;
  } catch {
    return false; // missing or damaged: the next candidate serves
  }
}

/** The validators saved with the cached file, or null (none, or unreadable: fetch it whole). */
export async function readValidators(
  cacheDir: string,
  kind: SignalKind,
): Promise<Validators | null> {
  try {
    const meta = JSON.parse(await readFile(metaFile(cacheDir, kind), 'utf8')) as {
      validators?: Validators;
    };
    const v = meta.validators;
    return v && typeof v === 'object'
      ? {
          etag: typeof v.etag === 'string' ? v.etag : null,
          lastModified: typeof v.lastModified === 'string' ? v.lastModified : null,
        }
      : null;
  } catch {
    return null;
  }
}

export type FetchedSignalFile =
  | { kind: 'not-modified' }
  /** `refused`: KEV entries the catalog's check left out (EPSS counts its own when read). */
  | { kind: 'saved'; file: string; validators: Validators; refused: number | null };

/**
 * Fetches one upstream (conditionally with `validators`) into the cache: the KEV catalog is
 * checked and saved as the kept entries; the EPSS file is downloaded to a temp file and read
 * whole before it replaces the last good one. Throws on any failure, leaving the saved copy.
 */
export async function fetchSignalFile(
  config: AppConfig,
  kind: SignalKind,
  url: string,
  validators: Validators | null,
  limits: EpssLimits,
): Promise<FetchedSignalFile> {
  const target = cacheFile(config.cacheDir, kind);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(target), { recursive: true });
    let saved: { validators: Validators; refused: number | null };
    if (kind === 'kev') {
      const result = await fetchUpstreamJson(url, {
        timeoutMs: config.timeoutMs,
        maxBytes: config.signalsMaxBytes,
        validators: validators ?? undefined,
        attempts: 1,
      });
      if (result.kind === 'not-modified') return result;
      const catalog = parseKevCatalog(result.body);
      await writeFile(temp, JSON.stringify(toKevDocument(catalog)));
      saved = { validators: result.validators, refused: catalog.refused };
    } else {
      const result = await downloadToFile(url, temp, {
        timeoutMs: config.timeoutMs,
        maxBytes: config.signalsMaxBytes,
        validators,
      });
      if (result.kind === 'not-modified') return result;
      await readEpssGzip(createReadStream(temp), () => false, limits);
      saved = { validators: result.validators, refused: null };
    }
    await rename(temp, target);
    await writeFile(
      metaFile(config.cacheDir, kind),
      JSON.stringify({ validators: saved.validators }),
    );
    return { kind: 'saved', file: target, ...saved };
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}
