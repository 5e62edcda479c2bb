import {
  BRIEF_TYPES,
  SEVERITIES,
  type AffectedProduct,
  type BriefType,
  type Cve,
  type Severity,
} from '@/lib/briefs/types';
import { CVE_ID } from '@/lib/briefs/identifiers';
import type { RawCve } from './feed-item-schema';
import { isInDateRange } from '@/lib/briefs/date-range';

// One feed field at a time, coerced to the model's type or dropped: URLs, dates, severity, type,
// affected products and CVEs.

export const LIMITS = {
  title: 500,
  summary: 2000,
  derivedSummary: 300,
  facetValue: 200,
  /** Entries kept per list field: bounds what one hostile item can add to the facet indexes. */
  listEntries: 200,
  /** content_html beyond this is cut before parsing; real briefs are a few kB. */
  contentHtml: 500_000,
} as const;

export function httpUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

// RFC 3339 as JSON Feed specifies (date-only and a space separator tolerated). Date.parse alone would
// read "12" as December 2001 and zone-less strings in the server's local time.
const RFC3339 =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** The date as ISO 8601 in UTC, or null when it does not parse or is out of range (date-range.ts). */
export function parseDate(value: string | undefined): string | null {
  const iso = parseAnyDate(value);
  return iso !== null && isInDateRange(Date.parse(iso)) ? iso : null;
}

/** A date that parses but falls outside the accepted years: treated as missing, and said so. */
export function isOutOfRangeDate(value: string | undefined): boolean {
  const iso = parseAnyDate(value);
  return iso !== null && !isInDateRange(Date.parse(iso));
}

function parseAnyDate(value: string | undefined): string | null {
  const m = value ? RFC3339.exec(value.trim()) : null;
  if (!m) return null;
  const [, day = '', time, zone] = m;
  // Date.parse rolls 2025-02-30 over to March; a day that does not exist is no date.
  const dayMs = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(dayMs) || new Date(dayMs).toISOString().slice(0, 10) !== day) return null;
  const ms = Date.parse(time ? `${day}T${time}${zone ?? 'Z'}` : `${day}T00:00:00Z`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

export function toSeverity(value: string): Severity | null {
  const v = value.trim().toLowerCase();
  const severity = v === 'rumor' ? 'rumour' : v;
  return (SEVERITIES as readonly string[]).includes(severity) ? (severity as Severity) : null;
}

export function toBriefType(value: string | undefined): BriefType | null {
  const v = value?.trim().toLowerCase();
  const type = v === 'rule' ? 'coverage' : v === 'rumor' ? 'rumour' : v;
  return type && (BRIEF_TYPES as readonly string[]).includes(type) ? (type as BriefType) : null;
}

/** `Foo (< 2.3.1)` -> { name: 'Foo', version: '< 2.3.1' }: the version is the last balanced parenthesis. */
export function parseAffectedProduct(value: string): AffectedProduct {
  if (value.endsWith(')')) {
    let depth = 0;
    for (let i = value.length - 1; i >= 0; i--) {
      if (value[i] === ')') depth++;
      else if (value[i] === '(' && --depth === 0) {
        const name = value.slice(0, i).trim();
        const version = value.slice(i + 1, -1).trim();
        if (name) return { name, version: version || null };
        break;
      }
    }
  }
  return { name: value, version: null };
}

export function toCves(raw: readonly RawCve[]): Cve[] {
  const byId = new Map<string, Cve>();
  for (const entry of raw) {
    const id = (typeof entry === 'string' ? entry : entry.id).trim().toUpperCase();
    if (!CVE_ID.test(id)) continue;
    const cvss = typeof entry === 'string' ? null : toCvss(entry.cvss);
    const known = byId.get(id);
    if (!known) byId.set(id, { id, cvss });
    else known.cvss ??= cvss;
  }
  return [...byId.values()].slice(0, LIMITS.listEntries);
}

export function toCvss(value: unknown): number | null {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim()
        ? Number(value)
        : NaN;
  return Number.isFinite(n) && n >= 0 && n <= 10 ? n : null;
}

/** STIX techniques first (they carry names), then ids in tags and body text; named from the catalog. */
