import { z } from 'zod';
import bundled from '@/data/attack-catalog.json';
import type { CatalogTechnique, CompactCatalog, Tactic } from './catalog-types';
import { TACTIC_ID, TECHNIQUE_ID } from '@/lib/briefs/identifiers';
import { ENTERPRISE_TACTICS, findTactic, resolveTactic, tacticIndex } from './tactics';

export { ENTERPRISE_TACTICS, resolveTactic } from './tactics';

// MITRE ATT&CK helpers: tactic names, technique ids in free text, and the compact catalog
// (reduced from MITRE's Enterprise STIX bundle) that gives techniques their names and tactics.
// Client code imports the dependency-free tactic helpers from ./tactics instead.

let compactCatalogSchema: ReturnType<typeof buildCompactCatalogSchema> | undefined;

function buildCompactCatalogSchema() {
  return z.object({
    source: z.string(),
    attackVersion: z.string().nullable(),
    tactics: z.array(z.object({ id: z.string(), shortname: z.string(), name: z.string() })),
    techniques: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        tactics: z.array(z.string()),
        parent: z.string().nullable(),
      }),
    ),
  });
}

/** Validates a compact catalog read from disk or the bundle; throws a ZodError when the shape is wrong. */
export function parseCompactCatalog(value: unknown): CompactCatalog {
  compactCatalogSchema ??= buildCompactCatalogSchema();
  return compactCatalogSchema.parse(value);
}

/** What brief normalisation needs from a catalog. */
export type TechniqueLookup = Pick<
  TechniqueCatalog,
  'nameOf' | 'tacticsOf' | 'resolveTactic' | 'sortTactics'
>;

/** Lookups over a CompactCatalog. */
export class TechniqueCatalog {
  readonly compact: CompactCatalog;
  /** Matrix order: the catalog's own tactics, or the Enterprise list when it has none. */
  readonly tactics: readonly Tactic[];
  private readonly byId: Map<string, CatalogTechnique>;
  private readonly tacticRank: Map<string, number>;
  private readonly tacticLookup: Map<string, Tactic>;

  constructor(compact: CompactCatalog) {
    this.compact = compact;
    this.tactics = compact.tactics.length > 0 ? compact.tactics : ENTERPRISE_TACTICS;
    this.byId = new Map(compact.techniques.map((t) => [t.id.toUpperCase(), t]));
    this.tacticLookup = tacticIndex(this.tactics);
    this.tacticRank = new Map(this.tactics.map((t, i) => [t.shortname, i]));
    for (const [i, t] of ENTERPRISE_TACTICS.entries()) {
      if (!this.tacticRank.has(t.shortname))
        this.tacticRank.set(t.shortname, this.tactics.length + i);
    }
  }

  get size(): number {
    return this.byId.size;
  }

  get source(): string {
    return this.compact.source;
  }

  get(id: string): CatalogTechnique | undefined {
    return this.byId.get(id.trim().toUpperCase());
  }

  nameOf(id: string): string | null {
    return this.get(id)?.name ?? null;
  }

  /** The parent technique id of a sub-technique (from the catalog, else from the id's prefix). */
  parentOf(id: string): string | null {
    const upper = id.trim().toUpperCase();
    const known = this.byId.get(upper);
    if (known?.parent) return known.parent;
    const dot = upper.indexOf('.');
    return dot > 0 ? upper.slice(0, dot) : null;
  }

  /** Tactic shortnames in matrix order; a sub-technique without its own falls back to its parent's. */
  tacticsOf(id: string): string[] {
    const own = this.get(id)?.tactics ?? [];
    if (own.length > 0) return this.sortTactics(own);
    const parent = this.parentOf(id);
    return parent ? this.sortTactics(this.get(parent)?.tactics ?? []) : [];
  }

  /** Like resolveTactic, but also knows tactics that only this catalog lists. */
  resolveTactic(value: string): Tactic | undefined {
    return findTactic(this.tacticLookup, value) ?? resolveTactic(value);
  }

  /** Deduplicated shortnames in matrix order; unknown names go last, alphabetically. */
  sortTactics(shortnames: Iterable<string>): string[] {
    const rank = (s: string) => this.tacticRank.get(s) ?? Number.MAX_SAFE_INTEGER;
    return [...new Set(shortnames)].sort(
      (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0),
    );
  }
}

let bundledCatalog: TechniqueCatalog | undefined;

/** The catalog shipped in data/attack-catalog.json, validated once and memoised. */
export function loadBundledCatalog(): TechniqueCatalog {
  bundledCatalog ??= new TechniqueCatalog(parseCompactCatalog(bundled));
  return bundledCatalog;
}

// --- Reducing MITRE's Enterprise ATT&CK STIX bundle -------------------------------------------

export class InvalidAttackBundleError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidAttackBundleError';
  }
}

function buildStixSchemas() {
  const externalReference = z.looseObject({
    source_name: z.string(),
    external_id: z.string().optional(),
  });
  // Each STIX object is validated on its own: one malformed object is skipped, never fatal.
  const base = z.looseObject({
    id: z.string(),
    type: z.string(),
    revoked: z.boolean().optional().catch(undefined),
    x_mitre_deprecated: z.boolean().optional().catch(undefined),
  });
  return {
    externalReference,
    base,
    bundle: z.looseObject({ objects: z.array(z.unknown()) }),
    matrix: base.extend({
      tactic_refs: z.array(z.string()),
      external_references: z.array(z.unknown()).optional().catch(undefined),
    }),
    tactic: base.extend({
      name: z.string().min(1),
      x_mitre_shortname: z.string().min(1),
      external_references: z.array(z.unknown()),
    }),
    attackPattern: base.extend({
      name: z.string().min(1),
      external_references: z.array(z.unknown()),
      kill_chain_phases: z.array(z.unknown()).optional().catch(undefined),
    }),
    killChainPhase: z.looseObject({ kill_chain_name: z.string(), phase_name: z.string() }),
    relationship: base.extend({
      relationship_type: z.string(),
      source_ref: z.string(),
      target_ref: z.string(),
    }),
    collection: base.extend({ x_mitre_version: z.string() }),
  };
}

let stixSchemas: ReturnType<typeof buildStixSchemas> | undefined;
const stix = () => (stixSchemas ??= buildStixSchemas());

type StixObject = z.infer<ReturnType<typeof buildStixSchemas>['base']>;
type StixMatrix = z.infer<ReturnType<typeof buildStixSchemas>['matrix']>;

function isRetired(o: StixObject): boolean {
  return o.revoked === true || o.x_mitre_deprecated === true;
}

/** The `mitre-attack` external id (T1059, TA0002, enterprise-attack) of a STIX object. */
function mitreId(refs: readonly unknown[] | undefined): string | undefined {
  for (const ref of refs ?? []) {
    const parsed = stix().externalReference.safeParse(ref);
    if (parsed.success && parsed.data.source_name === 'mitre-attack' && parsed.data.external_id) {
      return parsed.data.external_id.trim().toUpperCase();
    }
  }
  return undefined;
}

function parseAs<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success && !isRetired(parsed.data as StixObject) ? parsed.data : undefined;
}

/** Reduces MITRE's Enterprise ATT&CK STIX bundle to the compact catalog the app keeps. */
export function reduceAttackBundle(bundle: unknown, source = 'mitre-attack'): CompactCatalog {
  const parsedBundle = stix().bundle.safeParse(bundle);
  if (!parsedBundle.success) {
    throw new InvalidAttackBundleError('not a STIX bundle with an objects array', {
      cause: parsedBundle.error,
    });
  }

  const schemas = stix();
  const matrices: StixMatrix[] = [];
  const tacticsByStixId = new Map<string, Tactic>();
  const patterns: { stixId: string; id: string; name: string; phases: string[] }[] = [];
  const parentStixIds = new Map<string, string>();
  let attackVersion: string | null = null;

  for (const object of parsedBundle.data.objects) {
    const type =
      typeof object === 'object' && object !== null
        ? (object as { type?: unknown }).type
        : undefined;
    if (type === 'x-mitre-matrix') {
      const m = parseAs(schemas.matrix, object);
      if (m) matrices.push(m);
    } else if (type === 'x-mitre-tactic') {
      const t = parseAs(schemas.tactic, object);
      const id = t && mitreId(t.external_references);
      if (t && id && TACTIC_ID.test(id)) {
        tacticsByStixId.set(t.id, {
          id,
          shortname: t.x_mitre_shortname.trim(),
          name: t.name.trim(),
        });
      }
    } else if (type === 'attack-pattern') {
      const p = parseAs(schemas.attackPattern, object);
      const id = p && mitreId(p.external_references);
      if (p && id && TECHNIQUE_ID.test(id)) {
        const phases = (p.kill_chain_phases ?? []).flatMap((phase) => {
          const k = schemas.killChainPhase.safeParse(phase);
          return k.success && k.data.kill_chain_name === 'mitre-attack'
            ? [k.data.phase_name.trim()]
            : [];
        });
        patterns.push({ stixId: p.id, id, name: p.name.trim(), phases });
      }
    } else if (type === 'relationship') {
      const r = parseAs(schemas.relationship, object);
      if (r && r.relationship_type === 'subtechnique-of')
        parentStixIds.set(r.source_ref, r.target_ref);
    } else if (type === 'x-mitre-collection') {
      attackVersion ??= parseAs(schemas.collection, object)?.x_mitre_version ?? null;
    }
  }

  const tactics = orderTactics(matrices, tacticsByStixId);
  const catalog = new TechniqueCatalog({ source, attackVersion, tactics, techniques: [] });
  const idByStixId = new Map(patterns.map((p) => [p.stixId, p.id]));
  const techniques = new Map<string, CatalogTechnique>();
  for (const p of patterns) {
    if (techniques.has(p.id)) continue;
    const relParent = parentStixIds.get(p.stixId);
    const parent =
      (relParent && idByStixId.get(relParent)) ?? (p.id.includes('.') ? p.id.slice(0, 5) : null);
    const known = p.phases.flatMap((phase) => catalog.resolveTactic(phase)?.shortname ?? []);
    techniques.set(p.id, { id: p.id, name: p.name, tactics: catalog.sortTactics(known), parent });
  }

  return {
    source,
    attackVersion,
    tactics,
    techniques: [...techniques.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

/** Tactics in the order of the Enterprise matrix's tactic_refs; tactics it does not list follow. */
function orderTactics(matrices: StixMatrix[], byStixId: Map<string, Tactic>): Tactic[] {
  const matrix =
    matrices.find((m) => mitreId(m.external_references) === 'ENTERPRISE-ATTACK') ?? matrices[0];
  const ordered: Tactic[] = [];
  const seen = new Set<string>();
  for (const ref of matrix?.tactic_refs ?? []) {
    const t = byStixId.get(ref);
    if (t && !seen.has(t.shortname)) {
      seen.add(t.shortname);
      ordered.push(t);
    }
  }
  const enterpriseRank = (t: Tactic) => {
    const i = ENTERPRISE_TACTICS.findIndex((e) => e.id === t.id);
    return i < 0 ? ENTERPRISE_TACTICS.length : i;
  };
  const rest = [...byStixId.values()]
    .filter((t) => !seen.has(t.shortname))
    .sort((a, b) => enterpriseRank(a) - enterpriseRank(b) || (a.id < b.id ? -1 : 1));
  for (const t of rest) {
    if (!seen.has(t.shortname)) {
      seen.add(t.shortname);
      ordered.push(t);
    }
  }
  return ordered;
}
