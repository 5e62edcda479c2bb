import type { TechniqueCatalog } from '@/lib/briefs/attack/catalog';
import type { Tactic } from '@/lib/briefs/attack/catalog-types';
import type { IndexedBrief } from '@/lib/briefs/types';

// The ATT&CK matrix of a set of briefs: one column per tactic of the catalog, in matrix order,
// holding the techniques those briefs carry. Counts are numbers of distinct briefs:
//  - a sub-technique counts the briefs carrying exactly it (T1059.001);
//  - its parent's cell folds it in: the parent's `count` is the briefs carrying the parent or any
//    sub-technique shown under it, each brief once (a brief with T1059 and T1059.001 counts one),
//    which is what the list filtered by the parent (`?technique=T1059`) shows; `ownCount` is the
//    briefs carrying the parent id itself.
// A technique serving several tactics appears in each of their columns with the same counts.
// Tactics come from the catalog (a sub-technique without its own falls back to its parent's), else
// from the tactics the briefs gave the technique; techniques with neither are listed apart.

export const SHADE_LEVELS = 4;

export interface MatrixSubtechnique {
  id: string;
  name: string | null;
  count: number;
  /** 1..SHADE_LEVELS (0 for no brief), on the matrix's scale. */
  shade: number;
}

export interface MatrixCell {
  id: string;
  name: string | null;
  count: number;
  ownCount: number;
  shade: number;
  subtechniques: MatrixSubtechnique[];
}

export interface MatrixColumn {
  tactic: Tactic;
  /** Most briefs first, then by id. */
  cells: MatrixCell[];
  /** Distinct briefs carrying a technique of this column. */
  briefCount: number;
}

export interface UnplacedTechnique {
  id: string;
  name: string | null;
  /** Briefs carrying exactly this id. */
  count: number;
}

export interface ShadeRange {
  shade: number;
  min: number;
  max: number;
}

export interface AttackMatrix {
  columns: MatrixColumn[];
  /** Techniques no catalog tactic and no brief places in a column; never dropped. */
  unknownTactic: UnplacedTechnique[];
  /** The largest count of any cell: the top of the shading scale. */
  maxCount: number;
  legend: ShadeRange[];
  /** Briefs the matrix was built from, and those carrying at least one technique. */
  briefCount: number;
  briefsWithTechniques: number;
  /** Distinct technique and sub-technique ids carried. */
  techniqueCount: number;
}

/** 0 for no brief; otherwise 1..SHADE_LEVELS, each level an equal share of 1..maxCount. */
export function toShade(count: number, maxCount: number): number {
  if (count <= 0 || maxCount <= 0) return 0;
  return Math.min(SHADE_LEVELS, Math.max(1, Math.ceil((count * SHADE_LEVELS) / maxCount)));
}

/** The counts each shade covers for this scale; shades that no count reaches are left out. */
export function toShadeLegend(maxCount: number): ShadeRange[] {
  const ranges: ShadeRange[] = [];
  if (maxCount <= 0) return ranges;
  for (let shade = 1; shade <= SHADE_LEVELS; shade++) {
    const min = Math.floor(((shade - 1) * maxCount) / SHADE_LEVELS) + 1;
    const max = Math.floor((shade * maxCount) / SHADE_LEVELS);
    if (min <= max) ranges.push({ shade, min, max });
  }
  return ranges;
}

/** Each technique id the briefs carry, with the briefs (by index) carrying it exactly. */
export interface CarriedTechnique {
  id: string;
  /** The first name a brief gave it, for techniques the catalog does not know. */
  name: string | null;
  tactics: Set<string>;
  briefs: Set<number>;
}

export function collectTechniques(briefs: readonly IndexedBrief[]): Map<string, CarriedTechnique> {
  const carried = new Map<string, CarriedTechnique>();
  briefs.forEach((brief, index) => {
    for (const technique of brief.techniques) {
      const id = technique.id.trim().toUpperCase();
      if (!id) continue;
      let entry = carried.get(id);
      if (!entry) {
        entry = { id, name: null, tactics: new Set(), briefs: new Set() };
        carried.set(id, entry);
      }
      entry.name ??= technique.name;
      for (const tactic of technique.tactics) entry.tactics.add(tactic);
      entry.briefs.add(index);
    }
  });
  return carried;
}

/** Tactic shortnames for a technique: the catalog's, else those the briefs gave it, in matrix order. */
export function tacticsFor(catalog: TechniqueCatalog, technique: CarriedTechnique): string[] {
  const known = catalog.tacticsOf(technique.id);
  return known.length > 0 ? known : catalog.sortTactics(technique.tactics);
}

const byCountThenId = <T extends { id: string; count: number }>(a: T, b: T) =>
  b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

interface CellDraft {
  own: Set<number>;
  subs: Map<string, CarriedTechnique>;
}

export function buildAttackMatrix(
  briefs: readonly IndexedBrief[],
  catalog: TechniqueCatalog,
): AttackMatrix {
  const carried = collectTechniques(briefs);
  const columnTactics = new Set(catalog.tactics.map((t) => t.shortname));
  // tactic -> parent id -> draft
  const drafts = new Map<string, Map<string, CellDraft>>(
    catalog.tactics.map((t) => [t.shortname, new Map()]),
  );
  const unknownTactic: UnplacedTechnique[] = [];

  for (const technique of carried.values()) {
    const tactics = tacticsFor(catalog, technique).filter((t) => columnTactics.has(t));
    if (tactics.length === 0) {
      unknownTactic.push({
        id: technique.id,
        name: catalog.nameOf(technique.id) ?? technique.name,
        count: technique.briefs.size,
      });
      continue;
    }
    const parent = technique.id.includes('.') ? catalog.parentOf(technique.id) : null;
    for (const tactic of tactics) {
      const cells = drafts.get(tactic)!;
      const key = parent ?? technique.id;
      let draft = cells.get(key);
      if (!draft) {
        draft = { own: new Set(), subs: new Map() };
        cells.set(key, draft);
      }
      if (parent) draft.subs.set(technique.id, technique);
      else draft.own = technique.briefs;
    }
  }

  const nameOf = (id: string) => catalog.nameOf(id) ?? carried.get(id)?.name ?? null;
  const columns: MatrixColumn[] = catalog.tactics.map((tactic) => {
    const inColumn = new Set<number>();
    const cells: MatrixCell[] = [...drafts.get(tactic.shortname)!].map(([id, draft]) => {
      const all = new Set(draft.own);
      for (const sub of draft.subs.values()) for (const b of sub.briefs) all.add(b);
      for (const b of all) inColumn.add(b);
      return {
        id,
        name: nameOf(id),
        count: all.size,
        ownCount: draft.own.size,
        shade: 0,
        subtechniques: [...draft.subs.values()]
          .map((sub) => ({ id: sub.id, name: nameOf(sub.id), count: sub.briefs.size, shade: 0 }))
          .sort(byCountThenId),
      };
    });
    return { tactic, cells: cells.sort(byCountThenId), briefCount: inColumn.size };
  });

  let maxCount = 0;
  for (const column of columns)
    for (const cell of column.cells) maxCount = Math.max(maxCount, cell.count);
  for (const column of columns) {
    for (const cell of column.cells) {
      cell.shade = toShade(cell.count, maxCount);
      for (const sub of cell.subtechniques) sub.shade = toShade(sub.count, maxCount);
    }
  }

  const withTechniques = briefs.reduce((n, brief) => n + (brief.techniques.length > 0 ? 1 : 0), 0);
  return {
    columns,
    unknownTactic: unknownTactic.sort(byCountThenId),
    maxCount,
    legend: toShadeLegend(maxCount),
    briefCount: briefs.length,
    briefsWithTechniques: withTechniques,
    techniqueCount: carried.size,
  };
}
