import 'server-only';
import { z } from 'zod';
import { isInDateRange } from '@/lib/briefs/date-range';
import { findSharedUrls } from '@/lib/briefs/export/brief-key';
import { exportCacheStats } from '@/lib/briefs/export/export-cache';
import { CVE_ID, TECHNIQUE_ID } from '@/lib/briefs/identifiers';
import { INDICATOR_LIMITS, INDICATOR_TYPE } from '@/lib/briefs/indicators';
import {
  BRIEF_TYPES,
  SEVERITIES,
  UNKNOWN_DATE,
  type BriefBody,
  type IndexedBrief,
} from '@/lib/briefs/types';
import { renderableHtml } from '@/lib/html/safe-html';
import { LIMITS } from '@/lib/feed/ingest/fields';
import { redactUrlsIn } from '@/lib/feed/redact';
import { flaggedBriefs, NAMED_SLUGS } from './flagged-briefs';

// The brief store (CACHE_DIR) is input like any other: whoever can write the disk can write it.
// Every record read back passes the checks ingest applies before any reader (page, API, feeds,
// exports, TAXII) sees it: list fields against the same shape and limits (URLs http/https only,
// dates in range), bodies through the render-time HTML allow-list, sanitised again when they fail.
// A list record that fails is refused (the item is normalised again from the upstream), and named
// in /api/status.

const SLUG = /^[\p{L}\p{M}\p{N}._-]+$/u;
/** Heading ids as the sanitiser makes them (toSlug keeps letters of any script). */
const SAFE_ID = /^[\p{L}\p{N}-]+$/u;

const httpUrl = z.string().refine((value) => {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
});
const isoDate = z
  .string()
  .refine(
    (v) => v === UNKNOWN_DATE || (/^\d{4}-\d\d-\d\dT/.test(v) && isInDateRange(Date.parse(v))),
  );
const text = (max: number) => z.string().max(max);
const list = <T extends z.ZodType>(item: T) => z.array(item).max(LIMITS.listEntries);
const facetList = list(text(LIMITS.facetValue));

const listedSchema = z.object({
  slug: z.string().max(300).regex(SLUG),
  title: text(LIMITS.title + 1),
  summary: text(LIMITS.summary + 1),
  date: isoDate,
  type: z.enum(BRIEF_TYPES).nullable(),
  severity: z.enum(SEVERITIES).nullable(),
  vendors: facetList,
  products: facetList,
  actors: facetList,
  tags: facetList,
  exploited: z.boolean().nullable(),
  hasPoc: z.boolean(),
  url: httpUrl.nullable(),
  // In ingest's key order: a record read back serialises as the one ingest made.
  modified: isoDate.nullable(),
  severities: z.array(z.enum(SEVERITIES)).max(SEVERITIES.length),
  affected: list(
    z.object({ name: text(LIMITS.facetValue), version: text(LIMITS.facetValue).nullable() }),
  ),
  cves: list(
    z.object({ id: z.string().regex(CVE_ID), cvss: z.number().min(0).max(10).nullable() }),
  ),
  pocReferences: list(httpUrl),
  cpes: list(text(LIMITS.facetValue * 4)),
  techniques: list(
    z.object({
      id: z.string().regex(TECHNIQUE_ID),
      name: text(LIMITS.facetValue).nullable(),
      tactics: list(text(80)),
    }),
  ),
  tactics: list(text(80)),
  untitled: z.literal(true).optional(),
  dateOutOfRange: z.literal(true).optional(),
  confidence: z.number().int().min(0).max(100).nullable(),
  iocCount: z.number().int().min(0).max(INDICATOR_LIMITS.perBrief),
  iocTypes: list(z.string().regex(INDICATOR_TYPE)),
  iocHashes: z.array(z.number().int()).max(INDICATOR_LIMITS.perBrief),
});

/** A list record read from the store, checked as ingest would have made it; null when it is not. */
export function checkIndexedRecord(value: unknown): IndexedBrief | null {
  const parsed = listedSchema.safeParse(value);
  return parsed.success ? (parsed.data as IndexedBrief) : null;
}

const headingId = z.string().max(200).regex(SAFE_ID);
const html = z.string().transform(renderableHtml);
const listItem = z.object({ html, text: z.string() });
const bodySchema = z.object({
  contentHtml: html,
  sections: z.object({
    overview: html.nullable(),
    attackChain: z.array(listItem),
    impact: html.nullable(),
    recommendations: z.array(listItem),
    other: z.array(z.object({ id: headingId, heading: z.string(), html })),
    outline: z.array(z.object({ id: headingId, heading: z.string() })),
  }),
  // Indicator values and references are only ever shown as text (or checked http(s) links).
  // A body without them (written before indicators were read) has none.
  indicators: z
    .array(
      z.object({
        type: z.string().regex(INDICATOR_TYPE),
        value: z.string().max(INDICATOR_LIMITS.valueChars),
      }),
    )
    .max(INDICATOR_LIMITS.perBrief)
    .default([]),
  indicatorsOmitted: z.number().int().min(0).default(0),
  references: z
    .array(z.string().max(INDICATOR_LIMITS.valueChars))
    .max(INDICATOR_LIMITS.referencesPerBrief)
    .default([]),
});

/**
 * A body read from the store with every piece of HTML on the allow-list (sanitised again when it
 * is not); null when its shape is not a body's.
 */
export function checkBodyRecord(value: unknown): BriefBody | null {
  const parsed = bodySchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export interface BriefStoreStatus {
  /** Why the store on disk was not used when this process opened it (moved aside, rebuilt), or null. */
  rebuiltBecause: string | null;
  /** Where the damaged store was moved (one is kept, for a look), or null. */
  movedAsideTo: string | null;
  /** Records that failed the checks on read: refused, normalised again from the upstream. */
  refusedRecords: { count: number; names: string[] };
}

/** Collects refused records for the status (the first few names, every count). */
export class RefusedRecords {
  count = 0;
  readonly names: string[] = [];

  note(name: string): void {
    this.count++;
    if (this.names.length < NAMED_SLUGS && !this.names.includes(name))
      this.names.push(name.slice(0, 80));
  }
}

/** The status fields of the served briefs' and the store's integrity checks. */
export function integrityStatus(
  briefs: readonly IndexedBrief[],
  store: { status(): BriefStoreStatus } | null,
) {
  return {
    datesOutOfRange: flaggedBriefs(briefs).datesOutOfRange,
    sharedUrls: findSharedUrls(briefs),
    briefStore: redactStoreStatus(store?.status() ?? null),
    exportCache: exportCacheStats(),
  };
}

function redactStoreStatus(status: BriefStoreStatus | null): BriefStoreStatus | null {
  return status && { ...status, rebuiltBecause: redactUrlsIn(status.rebuiltBecause) };
}
