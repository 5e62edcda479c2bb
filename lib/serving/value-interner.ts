import 'server-only';
import type { AffectedProduct, Cve, IndexedBrief, Technique } from '@/lib/briefs/types';

// The list fields the heap keeps for every brief repeat the same few thousand values (vendors,
// products, tags, technique names, tactics), and every JSON or store read makes a new copy of
// each. Interned, the briefs share one frozen copy of each value and of each repeated list
// (less than half the heap per brief: docs/design-measurements.md).
// One interner per refresh: its maps go with it, the values live on in the briefs.

/** Longer strings (titles, summaries, URLs) are rarely shared: not worth a map entry. */
const MAX_INTERNED_CHARS = 120;
const EMPTY: readonly never[] = Object.freeze([]);

export class ValueInterner {
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, readonly unknown[]>();
  private readonly techniques = new Map<string, Technique>();
  private readonly cves = new Map<string, Cve>();
  private readonly products = new Map<string, AffectedProduct>();

  /** A copy of `brief` whose repeated values are shared, frozen, with other interned briefs. */
  indexed(brief: IndexedBrief): IndexedBrief {
    const s = (value: string) => this.string(value);
    return {
      ...brief,
      date: s(brief.date),
      type: brief.type === null ? null : (s(brief.type) as IndexedBrief['type']),
      severity: brief.severity === null ? null : (s(brief.severity) as IndexedBrief['severity']),
      severities: this.list(brief.severities.map(s)) as IndexedBrief['severities'],
      vendors: this.list(brief.vendors.map(s)),
      products: this.list(brief.products.map(s)),
      actors: this.list(brief.actors.map(s)),
      tags: this.list(brief.tags.map(s)),
      tactics: this.list(brief.tactics.map(s)),
      cpes: this.list(brief.cpes.map(s)),
      cves: this.list(brief.cves.map((cve) => this.cve(cve))),
      techniques: this.list(brief.techniques.map((technique) => this.technique(technique))),
      affected: this.list(brief.affected.map((product) => this.product(product))),
      iocTypes: this.list(brief.iocTypes.map(s)),
      // Unique per brief: one empty array shared, no map entry for the rest.
      iocHashes: brief.iocHashes.length === 0 ? (EMPTY as unknown as number[]) : brief.iocHashes,
    };
  }

  private string(value: string): string {
    if (value.length > MAX_INTERNED_CHARS) return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }

  /** Equal lists (by their JSON) share one frozen array. */
  private list<T>(values: T[]): T[] {
    if (values.length === 0) return EMPTY as unknown as T[];
    const key = JSON.stringify(values);
    const known = this.lists.get(key);
    if (known !== undefined) return known as T[];
    Object.freeze(values);
    this.lists.set(key, values);
    return values;
  }

  private technique(technique: Technique): Technique {
    return this.shared(this.techniques, JSON.stringify(technique), () => ({
      id: this.string(technique.id),
      name: technique.name === null ? null : this.string(technique.name),
      tactics: this.list(technique.tactics.map((t) => this.string(t))),
    }));
  }

  private cve(cve: Cve): Cve {
    return this.shared(this.cves, `${cve.id}|${cve.cvss}`, () => ({
      id: this.string(cve.id),
      cvss: cve.cvss,
    }));
  }

  private product(product: AffectedProduct): AffectedProduct {
    return this.shared(this.products, JSON.stringify(product), () => ({
      name: this.string(product.name),
      version: product.version === null ? null : this.string(product.version),
    }));
  }

  private shared<T extends object>(map: Map<string, T>, key: string, make: () => T): T {
    let value = map.get(key);
    if (value === undefined) map.set(key, (value = Object.freeze(make())));
    return value;
  }
}
