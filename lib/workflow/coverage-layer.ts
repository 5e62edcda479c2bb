import { z } from 'zod';
import {
  DEFAULT_ATTACK_VERSION,
  toNavigatorLayer,
  type NavigatorLayer,
} from '@/lib/briefs/attack/navigator-layer';
import { STORAGE_LIMITS } from './storage-keys';

// Reads an ATT&CK Navigator layer file (a reader's detection coverage) in the browser and writes
// the techniques it leaves uncovered as a layer. Layer format 4.x (Navigator 4.0 to 5.x); other
// versions, other domains and files that are not layers get a message naming what is wrong.

export const MAX_LAYER_BYTES = 10 * 1024 * 1024;
const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;

export interface CoverageLayer {
  name: string;
  /** Technique ids (upper case) the layer covers: listed with a score above 0, or without one. */
  covered: Set<string>;
  /** Layer format version as the file states it, or null when it states none. */
  layerVersion: string | null;
  /** Entries skipped: disabled, scored 0 or below. */
  ignored: number;
}

export type LayerReadResult = { ok: true; layer: CoverageLayer } | { ok: false; error: string };

const techniqueEntrySchema = z.object({
  techniqueID: z.string({ error: 'is missing (every technique needs a techniqueID)' }),
  score: z.number().nullable().optional(),
  enabled: z.boolean().optional(),
});

const layerSchema = z.object({
  name: z.string().optional(),
  domain: z.string().optional(),
  versions: z.object({ layer: z.string().optional() }).passthrough().optional(),
  /** Layer format 3 and earlier wrote the version here. */
  version: z.unknown().optional(),
  techniques: z.array(z.unknown(), { error: 'is missing or not a list' }),
});

function describe(issue: z.core.$ZodIssue, prefix = ''): string {
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  return `${path || 'the file'} ${issue.message}`;
}

export function readCoverageLayer(text: string): LayerReadResult {
  if (text.length > MAX_LAYER_BYTES) {
    return { ok: false, error: `The file is larger than ${MAX_LAYER_BYTES / 1024 / 1024} MB` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'The file is not JSON, so it is not a Navigator layer' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, error: 'The file is not a Navigator layer: it must be a JSON object' };
  }
  if ((json as { type?: unknown }).type === 'bundle') {
    return {
      ok: false,
      error: 'This is a STIX bundle, not a Navigator layer: export a layer from ATT&CK Navigator',
    };
  }
  const parsed = layerSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, error: `Not a Navigator layer: ${describe(parsed.error.issues[0]!)}` };
  }
  const layer = parsed.data;
  const stated =
    layer.versions?.layer ?? (typeof layer.version === 'string' ? layer.version : null);
  if (stated !== null && !/^4(\.\d+)*$/.test(stated.trim())) {
    return {
      ok: false,
      error: `Layer format ${JSON.stringify(stated)} is not supported: this reads format 4.x (ATT&CK Navigator 4.0 and later); open and save the layer in a current Navigator`,
    };
  }
  if (layer.domain !== undefined && layer.domain !== 'enterprise-attack') {
    return {
      ok: false,
      error: `The layer is for the ${JSON.stringify(layer.domain)} domain; the dashboard's matrix is Enterprise ATT&CK (enterprise-attack)`,
    };
  }
  if (layer.techniques.length > STORAGE_LIMITS.coverageTechniques) {
    return {
      ok: false,
      error: `The layer lists ${layer.techniques.length} techniques; at most ${STORAGE_LIMITS.coverageTechniques} are read`,
    };
  }
  const covered = new Set<string>();
  let ignored = 0;
  for (const [i, raw] of layer.techniques.entries()) {
    const entry = techniqueEntrySchema.safeParse(raw);
    if (!entry.success) {
      return {
        ok: false,
        error: `Not a Navigator layer: ${describe(entry.error.issues[0]!, `techniques.${i}`)}`,
      };
    }
    const id = entry.data.techniqueID.trim().toUpperCase();
    if (!TECHNIQUE_ID.test(id)) {
      return {
        ok: false,
        error: `techniques.${i}.techniqueID ${JSON.stringify(entry.data.techniqueID)} is not an ATT&CK technique id (T1059 or T1059.001)`,
      };
    }
    const { score, enabled } = entry.data;
    if (enabled === false || (typeof score === 'number' && score <= 0)) {
      ignored++;
      continue;
    }
    covered.add(id);
  }
  return {
    ok: true,
    layer: { name: layer.name?.trim() || 'Unnamed layer', covered, layerVersion: stated, ignored },
  };
}

const parentOf = (id: string) => (id.includes('.') ? id.slice(0, id.indexOf('.')) : null);

/**
 * Whether the layer covers a technique a brief carries: a sub-technique by itself or its parent
 * (a parent-level detection sees its sub-techniques), a technique by itself or any of its
 * sub-techniques.
 */
export function isCovered(covered: ReadonlySet<string>, id: string): boolean {
  const upper = id.toUpperCase();
  if (covered.has(upper)) return true;
  const parent = parentOf(upper);
  if (parent) return covered.has(parent);
  for (const c of covered) if (c.startsWith(`${upper}.`)) return true;
  return false;
}

export interface ViewTechnique {
  id: string;
  name: string | null;
  /** Briefs of the view carrying exactly this id. */
  count: number;
}

export interface CoverageComparison {
  covered: ViewTechnique[];
  uncovered: ViewTechnique[];
}

export function compareCoverage(
  techniques: readonly ViewTechnique[],
  covered: ReadonlySet<string>,
): CoverageComparison {
  const result: CoverageComparison = { covered: [], uncovered: [] };
  for (const t of techniques) result[isCovered(covered, t.id) ? 'covered' : 'uncovered'].push(t);
  const order = (a: ViewTechnique, b: ViewTechnique) => b.count - a.count || (a.id < b.id ? -1 : 1);
  result.covered.sort(order);
  result.uncovered.sort(order);
  return result;
}

// Same format as the dashboard's own layer export (lib/briefs/attack/navigator-layer.ts).
const GAPS_GRADIENT = ['#fee2e2', '#f87171', '#b91c1c'];

/** The uncovered techniques as a Navigator layer, scored by the briefs carrying each. */
export function buildGapsLayer(
  uncovered: readonly ViewTechnique[],
  opts: { coverageName: string; viewWords: string; viewUrl: string; attackVersion?: string },
): NavigatorLayer {
  const maxScore = Math.max(1, ...uncovered.map((t) => t.count));
  return toNavigatorLayer({
    name: `Coverage gaps: ${opts.viewWords}`.slice(0, 120),
    attackVersion: opts.attackVersion ?? DEFAULT_ATTACK_VERSION,
    description:
      `ATT&CK techniques carried by CraftedSignal briefs matching ${opts.viewWords} that the layer ` +
      `"${opts.coverageName}" does not cover. Score: the number of those briefs. View: ${opts.viewUrl}`,
    techniques: uncovered.map((t) => ({
      techniqueID: t.id,
      score: t.count,
      comment: `${t.count} ${t.count === 1 ? 'brief' : 'briefs'}; not covered by ${opts.coverageName}`,
      enabled: true as const,
      links: [],
    })),
    gradient: { colors: GAPS_GRADIENT, minValue: 0, maxValue: maxScore },
    legendItems: [],
    metadata: [
      { name: 'Coverage layer', value: opts.coverageName },
      { name: 'Dashboard view', value: opts.viewUrl },
    ],
  });
}

/** What the browser keeps of a loaded layer: its name and covered ids, nothing else. */
export const storedCoverageSchema = z.object({
  name: z.string().max(200),
  covered: z.array(z.string().regex(TECHNIQUE_ID)).max(STORAGE_LIMITS.coverageTechniques),
});
export type StoredCoverage = z.infer<typeof storedCoverageSchema>;
