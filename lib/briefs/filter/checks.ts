import { resolveTactic } from '@/lib/briefs/attack/tactics';
import { FILTER_LIMITS, type FacetName } from '@/lib/briefs/filter/types';
import { CVE_ID, TECHNIQUE_ID } from '@/lib/briefs/identifiers';
import { BRIEF_TYPES, SEVERITIES } from '@/lib/briefs/types';
import { INDICATOR_TYPE } from '@/lib/briefs/indicators';

// What each query parameter accepts: one check per value, giving the normalised value or the
// message a 400 carries after the parameter's name. The schema in url.ts applies them.

export type Checked<T = string> = { value: T } | { message: string };

export function quote(raw: string): string {
  return JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);
}

const SEVERITY_ALIASES: Record<string, string> = { rumor: 'rumour' };
// The site shows the `coverage` type as "rule".
const TYPE_ALIASES: Record<string, string> = { rule: 'coverage', rumor: 'rumour' };

export function oneOf(allowed: readonly string[], aliases: Record<string, string> = {}) {
  return (raw: string): Checked => {
    const lower = raw.toLowerCase();
    const value = aliases[lower] ?? lower;
    return allowed.includes(value)
      ? { value }
      : { message: `must be one of ${allowed.join(', ')} (got ${quote(raw)})` };
  };
}

function identifier(pattern: RegExp, example: string) {
  return (raw: string): Checked => {
    const upper = raw.toUpperCase();
    return pattern.test(upper)
      ? { value: upper }
      : { message: `must look like ${example} (got ${quote(raw)})` };
  };
}

const freeText = (raw: string): Checked => ({ value: raw });

export const FACET_CHECKS: Record<FacetName, (raw: string) => Checked> = {
  severity: oneOf(SEVERITIES, SEVERITY_ALIASES),
  type: oneOf(BRIEF_TYPES, TYPE_ALIASES),
  vendor: freeText,
  product: freeText,
  actor: freeText,
  tag: freeText,
  technique: identifier(TECHNIQUE_ID, 'T1059 or T1059.001'),
  tactic: (raw) => {
    const tactic = resolveTactic(raw);
    return tactic
      ? { value: tactic.shortname }
      : {
          message: `must be an Enterprise ATT&CK tactic: TA id, shortname or name (got ${quote(raw)})`,
        };
  },
  cve: identifier(CVE_ID, 'CVE-2024-12345'),
  ioc_type: (raw) => {
    const lower = raw.toLowerCase();
    return INDICATOR_TYPE.test(lower)
      ? { value: lower }
      : {
          message: `must be an indicator type such as domain, url, ipv4, sha256 or file_name (got ${quote(raw)})`,
        };
  },
};

export const FREE_TEXT_FACETS: ReadonlySet<FacetName> = new Set([
  'vendor',
  'product',
  'actor',
  'tag',
]);

export function checkQuery(raw: string): Checked {
  return raw.length > FILTER_LIMITS.maxQueryLength
    ? { message: `must be at most ${FILTER_LIMITS.maxQueryLength} characters (got ${raw.length})` }
    : { value: raw };
}

export function checkBoolean(raw: string): Checked<boolean> {
  const lower = raw.toLowerCase();
  return lower === 'true' || lower === 'false'
    ? { value: lower === 'true' }
    : { message: `must be true or false (got ${quote(raw)})` };
}

/** A probability such as EPSS: a decimal from 0 to 1 (`0.1`, `.5`, `1`). */
export function checkProbability(raw: string): Checked<number> {
  if (!/^(?:0(?:\.\d{1,6})?|1(?:\.0{1,6})?|\.\d{1,6})$/.test(raw))
    return { message: `must be a number from 0 to 1, such as 0.1 (got ${quote(raw)})` };
  return { value: Number(raw) };
}

export function checkDay(raw: string): Checked {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    // Date.UTC rolls 2024-02-30 over to March; a real calendar date survives the round trip.
    if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d) {
      return { value: raw };
    }
  }
  return { message: `must be a calendar date YYYY-MM-DD (got ${quote(raw)})` };
}

export function wholeNumber(min: number, max: number) {
  return (raw: string): Checked<number> => {
    const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
    return n >= min && n <= max
      ? { value: n }
      : { message: `must be a whole number from ${min} to ${max} (got ${quote(raw)})` };
  };
}
