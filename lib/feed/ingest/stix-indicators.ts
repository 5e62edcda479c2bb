import 'server-only';
import { createHash } from 'node:crypto';
import {
  INDICATOR_LIMITS,
  INDICATOR_TYPE,
  type BriefIndicators,
  type Indicator,
} from '@/lib/briefs/indicators';

// What a STIX report says about its brief beyond techniques: the indicators it links to (their
// value read from the pattern, never from the name, which the upstream does not keep unique),
// its external references and its confidence. Every value is hostile text: capped, and left
// out when it holds a control character (a newline would add a line to a blocklist export).

/** The report's extras as normalisation reads them; `digest` changes whenever any of it does. */
export interface StixReportExtras extends BriefIndicators {
  confidence: number | null;
  digest: string;
}

// `[object:path = 'value']`, one comparison; the value's `\'` and `\\` are escapes.
const SIMPLE_PATTERN = /^\[\s*([a-z0-9-]{1,250}):([^\s=]{1,250})\s*=\s*'((?:[^'\\]|\\.)*)'\s*\]$/s;
const HASH_TYPES: Record<string, string> = {
  md5: 'md5',
  'sha-1': 'sha1',
  sha1: 'sha1',
  'sha-256': 'sha256',
  sha256: 'sha256',
};
const STANDARD_TYPES: Record<string, string> = {
  'url:value': 'url',
  'domain-name:value': 'domain',
  'email-addr:value': 'email',
  'ipv4-addr:value': 'ipv4',
  'ipv6-addr:value': 'ipv6',
  'file:name': 'file_name',
};
// Control characters, and line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * The type and value of a one-comparison STIX pattern; null for anything else (compound
 * patterns, unknown standard objects, custom property names outside INDICATOR_TYPE).
 */
export function parseIndicatorPattern(pattern: string): Indicator | null {
  const m = SIMPLE_PATTERN.exec(pattern.trim());
  if (!m) return null;
  const [, object, path, escaped] = m as unknown as [string, string, string, string];
  const value = escaped.replace(/\\(.)/gs, '$1');
  const standard = STANDARD_TYPES[`${object}:${path}`];
  if (standard) return { type: standard, value };
  const hash = object === 'file' && /^hashes\.'?([A-Za-z0-9-]+)'?$/.exec(path);
  if (hash) {
    const type = HASH_TYPES[hash[1]!.toLowerCase()];
    return type ? { type, value } : null;
  }
  if (object.startsWith('x-') && INDICATOR_TYPE.test(path)) return { type: path, value };
  return null;
}

/** A value fit to keep: non-empty, within the length cap, no control characters. */
export function keepValue(value: string): boolean {
  const trimmed = value.trim();
  return trimmed !== '' && trimmed.length <= INDICATOR_LIMITS.valueChars && !CONTROL.test(value);
}

/** An external reference as text: its URL, else its id or a bare string; null when unusable. */
export function parseReference(raw: unknown): string | null {
  let text: unknown = raw;
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const ref = raw as Record<string, unknown>;
    text = [ref.url, ref.external_id, ref.description].find((v) => typeof v === 'string');
  }
  if (typeof text !== 'string') return null;
  const trimmed = text.trim();
  return keepValue(trimmed) ? trimmed : null;
}

export function parseConfidence(raw: unknown): number | null {
  return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= 100 ? raw : null;
}

/** One report's extras from its indicator ids (already deduplicated by id, in order). */
export function toReportExtras(
  indicatorIds: Iterable<string>,
  indicatorsById: ReadonlyMap<string, Indicator | null>,
  rawReferences: readonly unknown[],
  confidence: number | null,
): StixReportExtras {
  const indicators: Indicator[] = [];
  const seen = new Set<string>();
  let omitted = 0;
  for (const id of indicatorIds) {
    const indicator = indicatorsById.get(id);
    if (indicator === undefined) continue; // not an indicator (a technique, software ...)
    if (indicator === null || !keepValue(indicator.value)) {
      omitted++;
      continue;
    }
    const value = indicator.value.trim();
    const key = `${indicator.type}\u0000${value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (indicators.length >= INDICATOR_LIMITS.perBrief) omitted++;
    else indicators.push({ type: indicator.type, value });
  }
  const references = [
    ...new Set(rawReferences.map(parseReference).filter((r): r is string => r !== null)),
  ].slice(0, INDICATOR_LIMITS.referencesPerBrief);
  const digest = createHash('sha1')
    .update(JSON.stringify([indicators, omitted, references, confidence]))
    .digest('base64');
  return { indicators, indicatorsOmitted: omitted, references, confidence, digest };
}

/** Merges two reports matched to one brief (same title and day): the first's order wins. */
export function mergeReportExtras(a: StixReportExtras, b: StixReportExtras): StixReportExtras {
  const indicators = [...a.indicators];
  const seen = new Set(indicators.map((i) => `${i.type}\u0000${i.value}`));
  let omitted = a.indicatorsOmitted + b.indicatorsOmitted;
  for (const i of b.indicators) {
    const key = `${i.type}\u0000${i.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (indicators.length >= INDICATOR_LIMITS.perBrief) omitted++;
    else indicators.push(i);
  }
  const references = [...new Set([...a.references, ...b.references])].slice(
    0,
    INDICATOR_LIMITS.referencesPerBrief,
  );
  const confidence = a.confidence ?? b.confidence;
  const digest = createHash('sha1').update(`${a.digest}|${b.digest}`).digest('base64');
  return { indicators, indicatorsOmitted: omitted, references, confidence, digest };
}
