import type { CsCve } from './feed-format';
import type { Rng } from './random';
import type { Vocabulary } from './scaled-vocabulary';
import { slugify } from './text';
import {
  BASE_TAGS,
  BRIEF_DETAILS,
  REAL_CVES,
  TECHNIQUE_TACTICS,
  TITLE_STOP_WORDS,
  tacticTag,
  type ProductDef,
  type Scenario,
  type Severity,
} from './vocabulary';

// The invented facts of a brief beside its prose: CVEs and version ranges, affected products and
// CPEs, indicators, tags. Every function draws from the brief's Rng; the order of the calls is
// part of the output.

const { severityCvss, lowerSeverity, domainWords, tlds } = BRIEF_DETAILS;

/** RFC 5737 documentation ranges: invented IOCs must never name a real host. */
const DOCUMENTATION_NETS = ['192.0.2', '198.51.100', '203.0.113'];

/** The real CVEs by product name. */
export const REAL_CVES_BY_PRODUCT = new Map<string, (typeof REAL_CVES)[number][]>();
for (const cve of REAL_CVES)
  REAL_CVES_BY_PRODUCT.set(cve.product, [...(REAL_CVES_BY_PRODUCT.get(cve.product) ?? []), cve]);

/** The severity one step down (a brief's optional second severity, an extra CVE's). */
export function lowerSeverityOf(severity: Severity): Severity | undefined {
  return lowerSeverity[severity];
}

/** The brief's URL slug words: the title without stop words, at most six. */
export function titleSlug(title: string): string {
  const words = slugify(title)
    .split('-')
    .filter((w) => w && !TITLE_STOP_WORDS.has(w));
  return words.slice(0, 6).join('-');
}

/** A defanged, invented domain: `cdn-sync42[.]net`. */
export function synthDomain(rng: Rng): string {
  return `${rng.pick(domainWords)}-${rng.pick(domainWords)}${rng.int(1, 99)}[.]${rng.pick(tlds)}`;
}

export function synthIp(rng: Rng): string {
  return `${rng.pick(DOCUMENTATION_NETS)}.${rng.int(2, 254)}`;
}

function synthVersion(rng: Rng): string {
  const style = rng.int(0, 3);
  if (style === 0) return `< ${rng.int(1, 9)}.${rng.int(0, 12)}.${rng.int(0, 30)}`;
  if (style === 1) return `< ${rng.int(2019, 2026)}.${rng.int(1, 12)}.${rng.int(0, 9)}`;
  if (style === 2)
    return `${rng.int(1, 7)}.${rng.int(0, 4)} - ${rng.int(7, 9)}.${rng.int(0, 4)}.${rng.int(1, 20)}`;
  return `<= ${rng.int(1, 20)}.${rng.int(0, 9)}`;
}

function cvssFor(rng: Rng, severity: Severity): number {
  const [lo, hi] = severityCvss[severity];
  return Math.round((lo + rng.next() * (hi - lo)) * 10) / 10;
}

/**
 * The brief's CVEs: a real one where the product has well-known CVEs, otherwise invented ids;
 * sometimes a second. `range` is the affected version range, real or invented, if any.
 */
export function pickCves(
  rng: Rng,
  scenario: Scenario,
  product: ProductDef,
  severity: Severity,
  year: number,
): { cves: CsCve[]; range: string | null } {
  const cves: CsCve[] = [];
  let range: string | null = null;
  if (rng.chance(scenario.cve)) {
    const known = REAL_CVES_BY_PRODUCT.get(product.name);
    if (known && rng.chance(0.6)) {
      const real = rng.pick(known);
      cves.push({ id: real.id, cvss: real.cvss });
      range = real.range ?? null;
    } else {
      const cve: CsCve = {
        id: `CVE-${rng.chance(0.8) ? year : year - 1}-${rng.int(20000, 59999)}`,
      };
      if (rng.chance(0.85)) cve.cvss = cvssFor(rng, severity);
      cves.push(cve);
    }
    if (rng.chance(0.2)) {
      const extra: CsCve = { id: `CVE-${year}-${rng.int(20000, 59999)}` };
      if (rng.chance(0.7)) extra.cvss = cvssFor(rng, lowerSeverityOf(severity) ?? severity);
      if (!cves.some((c) => c.id === extra.id)) cves.push(extra);
    }
  }
  if (!range && cves.length > 0 && rng.chance(0.45)) range = synthVersion(rng);
  return { cves, range };
}

/** The affected products (sometimes a sibling of the same vendor), their vendors and CPEs. */
export function pickAffected(
  rng: Rng,
  product: ProductDef,
  productsOfVendor: readonly ProductDef[],
  range: string | null,
): { products: string[]; vendors: string[]; cpes: string[] } {
  const affected: ProductDef[] = [product];
  const siblings = productsOfVendor.filter((p) => p !== product);
  if (siblings.length > 0 && rng.chance(0.2)) affected.push(rng.pick(siblings));
  const products = affected.map((p, n) => (n === 0 && range ? `${p.name} (${range})` : p.name));
  const vendors = [...new Set(affected.map((p) => p.vendor))];
  const cpes = rng.chance(0.7)
    ? affected.flatMap((p) =>
        p.cpe ? [`cpe:2.3:${p.cpe[0]}:${p.cpe[1]}:${p.cpe[2]}:*:*:*:*:*:*:*:*`] : [],
      )
    : [];
  return { products, vendors, cpes };
}

/**
 * The brief's tags: some of the scenario's, often some of its techniques' tactics, and with a
 * vocabulary larger than the real one, the i-th invented tag (so every tag is used once) and a
 * popular one.
 */
export function pickTags(
  rng: Rng,
  scenario: Scenario,
  techniques: ReadonlySet<string>,
  vocab: Vocabulary,
  i: number,
): string[] {
  const tags = new Set<string>(rng.sample(scenario.tags, rng.int(2, 4)));
  if (rng.chance(0.8)) {
    const tactics = new Set<string>();
    for (const t of techniques)
      for (const tactic of TECHNIQUE_TACTICS.get(t) ?? []) tactics.add(tacticTag(tactic));
    for (const tag of rng.sample([...tactics], rng.int(1, 3))) tags.add(tag);
  }
  if (vocab.tags.length > BASE_TAGS.length + 14) {
    tags.add(vocab.tags[i < vocab.tags.length ? i : vocab.tagZipf.pick(rng)] ?? 'cloud');
    if (rng.chance(0.4)) tags.add(vocab.tags[vocab.tagZipf.pick(rng)] ?? 'cloud');
  }
  return [...tags];
}

/** Links to invented proof-of-concept repositories (one or two). */
export function pocReferences(rng: Rng, name: string): string[] {
  return Array.from(
    { length: rng.int(1, 2) },
    (_, k) =>
      `https://github.com/${rng.pick(BRIEF_DETAILS.pocRepoOwners)}${k || ''}/${name.toLowerCase()}-poc`,
  );
}
