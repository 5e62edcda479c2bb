import 'server-only';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { CVE_ID, type EpssScore } from './types';

// FIRST's daily EPSS scores (epss_scores-current.csv.gz): a `#model_version:...,score_date:...`
// line, the header `cve,epss,percentile`, then one row per CVE (about 300,000). Streamed through
// gunzip and a capped line splitter; only the rows of the CVEs asked for are kept, so the file is
// never held whole. A line longer than the cap, a missing header, too many bytes or a broken gzip
// stream refuse the whole file (the caller keeps its last good scores); a bad row costs itself.

export interface EpssLimits {
  /** Cap on the decompressed size. */
  maxBytes: number;
  /** Cap on one line: a CSV row is about 40 characters. */
  maxLineLength: number;
  maxRows: number;
}

export const EPSS_LIMITS: EpssLimits = {
  maxBytes: 256 * 1024 * 1024,
  maxLineLength: 1024,
  maxRows: 5_000_000,
};

export interface EpssTable {
  modelVersion: string | null;
  scoreDate: string | null; // YYYY-MM-DD
  /** Valid rows in the file. */
  rows: number;
  /** Rows refused: not a CVE id, a score outside 0..1, the wrong number of fields. */
  refused: number;
  scores: Map<string, EpssScore>;
}

export class EpssFormatError extends Error {
  override name = 'EpssFormatError';
}

const HEADER = 'cve,epss,percentile';

/** Reads a gzip'd EPSS CSV, keeping the scores of the CVEs `wanted` accepts. */
export async function readEpssGzip(
  input: Readable,
  wanted: (cve: string) => boolean,
  limits: EpssLimits = EPSS_LIMITS,
): Promise<EpssTable> {
  const table: EpssTable = {
    modelVersion: null,
    scoreDate: null,
    rows: 0,
    refused: 0,
    scores: new Map(),
  };
  let lineNo = 0;
  let sawHeader = false;
  const onLine = (line: string) => {
    lineNo++;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '') return;
    if (!sawHeader) {
      if (line.startsWith('#')) return readComment(line, table);
      if (line.trim().toLowerCase() !== HEADER)
        throw new EpssFormatError(`line ${lineNo} is not the header "${HEADER}"`);
      sawHeader = true;
      return;
    }
    if (table.rows + table.refused >= limits.maxRows)
      throw new EpssFormatError(`more than ${limits.maxRows} rows`);
    readRow(line, table, wanted);
  };
  let bytes = 0;
  let rest = '';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // pipeline() reports its own abort when the consumer throws: keep the consumer's reason.
  let refusal: unknown = null;
  const refuse = (err: unknown): never => {
    refusal = err;
    throw err;
  };
  await pipeline(input, createGunzip(), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      bytes += chunk.byteLength;
      if (bytes > limits.maxBytes)
        refuse(new EpssFormatError(`larger than ${limits.maxBytes} bytes decompressed`));
      const text = rest + decoder.decode(chunk, { stream: true });
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        if (nl - start > limits.maxLineLength) refuse(tooLong(lineNo + 1, limits));
        try {
          onLine(text.slice(start, nl));
        } catch (err) {
          refuse(err);
        }
        start = nl + 1;
      }
      rest = text.slice(start);
      if (rest.length > limits.maxLineLength) refuse(tooLong(lineNo + 1, limits));
    }
  }).catch((err: unknown) => {
    throw refusal ?? err;
  });
  rest += decoder.decode();
  if (rest.length > limits.maxLineLength) throw tooLong(lineNo + 1, limits);
  onLine(rest);
  if (!sawHeader) throw new EpssFormatError(`no "${HEADER}" header`);
  if (table.rows === 0) throw new EpssFormatError('no valid rows');
  return table;
}

function tooLong(lineNo: number, limits: EpssLimits): EpssFormatError {
  return new EpssFormatError(`line ${lineNo} is longer than ${limits.maxLineLength} characters`);
}

/** `#model_version:v2025.03.14,score_date:2025-03-14T12:55:00Z` */
function readComment(line: string, table: EpssTable): void {
  for (const part of line.slice(1).split(',')) {
    const colon = part.indexOf(':');
    const key = part.slice(0, colon).trim();
    const value = part.slice(colon + 1).trim();
    if (key === 'model_version' && /^[\w.-]{1,40}$/.test(value)) table.modelVersion = value;
    if (key === 'score_date') {
      const day = /^(\d{4}-\d{2}-\d{2})/.exec(value)?.[1];
      if (day && Number.isFinite(Date.parse(`${day}T00:00:00Z`))) table.scoreDate = day;
    }
  }
}

const SCORE = /^(?:0(?:\.\d{1,12})?|1(?:\.0{1,12})?|\.\d{1,12})$/;

function readRow(line: string, table: EpssTable, wanted: (cve: string) => boolean): void {
  const first = line.indexOf(',');
  const second = line.indexOf(',', first + 1);
  if (first < 0 || second < 0 || line.indexOf(',', second + 1) !== -1) {
    table.refused++;
    return;
  }
  const cve = line.slice(0, first).trim().toUpperCase();
  const epss = line.slice(first + 1, second).trim();
  const percentile = line.slice(second + 1).trim();
  if (!CVE_ID.test(cve) || !SCORE.test(epss) || !SCORE.test(percentile)) {
    table.refused++;
    return;
  }
  table.rows++;
  if (wanted(cve)) table.scores.set(cve, { epss: Number(epss), percentile: Number(percentile) });
}
