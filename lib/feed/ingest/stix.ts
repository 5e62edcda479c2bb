import 'server-only';
import { z } from 'zod';
import { TECHNIQUE_ID } from '@/lib/briefs/identifiers';
import type { Indicator } from '@/lib/briefs/indicators';
import {
  mergeReportExtras,
  parseConfidence,
  parseIndicatorPattern,
  toReportExtras,
  type StixReportExtras,
} from './stix-indicators';

// The feed's STIX bundle is its only machine-readable source of per-brief ATT&CK techniques with
// names. Its reports carry no link to the brief, so a report is matched to a feed item by title
// and publication day.

export interface StixTechnique {
  id: string; // T1190
  name: string;
}

export interface StixIndex {
  reports: number;
  lookup: (title: string, published: string) => StixTechnique[] | undefined;
  /** Indicators, references and confidence of the report(s) matching (title, published). */
  extras: (title: string, published: string) => StixReportExtras | undefined;
}

const externalRef = z
  .object({ source_name: z.string(), external_id: z.string().optional() })
  .passthrough();
const stixObject = z
  .object({
    type: z.string(),
    id: z.string(),
    name: z.string().optional().catch(undefined),
    published: z.string().optional().catch(undefined),
    object_refs: z.array(z.unknown()).optional().catch(undefined),
    relationship_type: z.string().optional().catch(undefined),
    source_ref: z.string().optional().catch(undefined),
    target_ref: z.string().optional().catch(undefined),
    external_references: z.array(z.unknown()).optional().catch(undefined),
    pattern: z.string().optional().catch(undefined),
    confidence: z.unknown().optional(),
  })
  .passthrough();
const bundleSchema = z.object({ type: z.literal('bundle'), objects: z.array(z.unknown()) });

export function matchKey(title: string, published: string): string {
  const day = Number.isNaN(Date.parse(published))
    ? ''
    : new Date(published).toISOString().slice(0, 10);
  return `${title.trim().replace(/\s+/g, ' ').toLowerCase()}|${day}`;
}

function techniqueOf(obj: z.infer<typeof stixObject>): StixTechnique | null {
  for (const raw of obj.external_references ?? []) {
    const ref = externalRef.safeParse(raw);
    const id = ref.success ? ref.data.external_id?.trim().toUpperCase() : undefined;
    if (ref.success && ref.data.source_name === 'mitre-attack' && id && TECHNIQUE_ID.test(id)) {
      const name = obj.name?.trim().slice(0, 200);
      return { id, name: name || id };
    }
  }
  return null;
}

/** Returns null when the document is not a STIX bundle at all. Bad objects are skipped. */
export function indexStixBundle(body: unknown): StixIndex | null {
  const bundle = bundleSchema.safeParse(body);
  if (!bundle.success) return null;

  const techniques = new Map<string, StixTechnique>();
  // By id, the first copy wins (ids repeat across reports, with other names); null: unreadable.
  const indicators = new Map<string, Indicator | null>();
  const reports: {
    id: string;
    key: string;
    refs: Set<string>;
    references: unknown[];
    confidence: number | null;
  }[] = [];
  const uses = new Map<string, Set<string>>();
  for (const raw of bundle.data.objects) {
    const parsed = stixObject.safeParse(raw);
    if (!parsed.success) continue;
    const obj = parsed.data;
    if (obj.type === 'attack-pattern') {
      const technique = techniqueOf(obj);
      if (technique) techniques.set(obj.id, technique);
    } else if (obj.type === 'report' && obj.name && obj.published) {
      const refs = new Set(
        (obj.object_refs ?? []).filter((r): r is string => typeof r === 'string'),
      );
      reports.push({
        id: obj.id,
        key: matchKey(obj.name, obj.published),
        refs,
        references: obj.external_references ?? [],
        confidence: parseConfidence(obj.confidence),
      });
    } else if (obj.type === 'indicator') {
      if (!indicators.has(obj.id))
        indicators.set(obj.id, obj.pattern ? parseIndicatorPattern(obj.pattern) : null);
    } else if (
      obj.type === 'relationship' &&
      obj.relationship_type === 'uses' &&
      obj.source_ref &&
      obj.target_ref
    ) {
      const set = uses.get(obj.source_ref) ?? new Set<string>();
      set.add(obj.target_ref);
      uses.set(obj.source_ref, set);
    }
  }

  const byKey = new Map<string, StixTechnique[]>();
  const extrasByKey = new Map<string, StixReportExtras>();
  for (const report of reports) {
    const refs = new Set([...report.refs, ...(uses.get(report.id) ?? [])]);
    const extras = toReportExtras(refs, indicators, report.references, report.confidence);
    const known = extrasByKey.get(report.key);
    extrasByKey.set(report.key, known ? mergeReportExtras(known, extras) : extras);
    const found = new Map<string, StixTechnique>();
    for (const ref of refs) {
      const technique = techniques.get(ref);
      if (technique) found.set(technique.id, technique);
    }
    const merged = new Map((byKey.get(report.key) ?? []).map((t) => [t.id, t]));
    for (const [id, t] of found) merged.set(id, t);
    byKey.set(report.key, [...merged.values()]);
  }
  return {
    reports: reports.length,
    lookup: (title, published) => byKey.get(matchKey(title, published)),
    extras: (title, published) => extrasByKey.get(matchKey(title, published)),
  };
}
