import { z } from 'zod';
import { CVE_ID, type KevEntry } from './types';

// CISA's KEV catalog (known_exploited_vulnerabilities.json), validated with zod. A document of
// the wrong shape is refused whole (the last good catalog keeps serving); one bad entry (a CVE id
// that is not one, a date that does not parse) costs only itself. Text fields are kept as plain
// text, capped: the UI renders them as text, never as markup.

const MAX_ENTRIES = 100_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const text = (max: number) =>
  z
    .string()
    .transform((s) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim())
    .transform((s) => (s.length > max ? `${s.slice(0, max - 1)}…` : s));

const entrySchema = z.object({
  cveID: z
    .string()
    .trim()
    .transform((s) => s.toUpperCase())
    .pipe(z.string().regex(CVE_ID)),
  vulnerabilityName: text(300).optional().default(''),
  dateAdded: z.string().trim().regex(DAY),
  dueDate: z.string().trim().regex(DAY).nullish(),
  requiredAction: text(1000).optional().default(''),
  knownRansomwareCampaignUse: z.string().optional(),
});

const catalogSchema = z.object({
  catalogVersion: z.string().trim().min(1).max(100),
  dateReleased: z.string().trim().max(100),
  vulnerabilities: z.array(z.unknown()).max(MAX_ENTRIES),
});

export interface KevCatalog {
  catalogVersion: string;
  dateReleased: string;
  entries: Map<string, KevEntry>;
  /** Entries refused (not an object, not a CVE id, a bad date). */
  refused: number;
}

export class KevFormatError extends Error {
  override name = 'KevFormatError';
}

/** The KEV document as the dashboard keeps it; throws KevFormatError on the wrong shape. */
export function parseKevCatalog(body: unknown): KevCatalog {
  const doc = catalogSchema.safeParse(body);
  if (!doc.success) {
    const issue = doc.error.issues[0];
    throw new KevFormatError(
      `the KEV catalog is not in CISA's shape (${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'})`,
    );
  }
  const entries = new Map<string, KevEntry>();
  let refused = 0;
  for (const raw of doc.data.vulnerabilities) {
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success || !validDay(parsed.data.dateAdded)) {
      refused++;
      continue;
    }
    const e = parsed.data;
    entries.set(e.cveID, {
      dateAdded: e.dateAdded,
      dueDate: e.dueDate && validDay(e.dueDate) ? e.dueDate : null,
      requiredAction: e.requiredAction,
      ransomware: /^known$/i.test(e.knownRansomwareCampaignUse?.trim() ?? '') ? 'known' : 'unknown',
      vulnerabilityName: e.vulnerabilityName,
    });
  }
  return {
    catalogVersion: doc.data.catalogVersion,
    dateReleased: doc.data.dateReleased,
    entries,
    refused,
  };
}

function validDay(day: string): boolean {
  const time = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(time) && new Date(time).toISOString().startsWith(day);
}

/** The compact form saved to disk: only what parseKevCatalog keeps, in CISA's own field names. */
export function toKevDocument(catalog: KevCatalog): object {
  return {
    catalogVersion: catalog.catalogVersion,
    dateReleased: catalog.dateReleased,
    vulnerabilities: [...catalog.entries].map(([cveID, e]) => ({
      cveID,
      vulnerabilityName: e.vulnerabilityName,
      dateAdded: e.dateAdded,
      dueDate: e.dueDate,
      requiredAction: e.requiredAction,
      knownRansomwareCampaignUse: e.ransomware === 'known' ? 'Known' : 'Unknown',
    })),
  };
}
