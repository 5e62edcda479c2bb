// Unique ids within one body: the first `x` stays `x`, later ones become `x-2`, `x-3`... Each base
// remembers its next suffix, so 25,000 headings of the same text cost linear time, not quadratic.

export class UniqueIds {
  private readonly used = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();

  /** `base`, or `base-n` with the smallest n from this base's last suffix on that is still free. */
  take(base: string): string {
    let id = base;
    if (this.used.has(id)) {
      let n = this.nextSuffix.get(base) ?? 2;
      // Each id skipped here is `base-n` for this base only: over a body, linear in all.
      while (this.used.has(`${base}-${n}`)) n++;
      id = `${base}-${n}`;
      this.nextSuffix.set(base, n + 1);
    }
    this.used.add(id);
    return id;
  }
}
