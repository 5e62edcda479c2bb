import {
  DEFAULT_REFERENCE_DATE,
  type CsCve,
  type StixBundle,
  type StixObject,
  type SynthFeed,
} from './feed-format';
import { hash32, stableUuid } from './random';
import { SCENARIOS, TECHNIQUE_NAMES } from './vocabulary';

// STIX 2.1 bundles like the upstream's /stix.json: per brief a report, its attack patterns,
// vulnerabilities and software, and the relationships between them. Ids are stable hashes.

export interface SynthStixOptions {
  seed?: number;
  /** Only briefs published within this many days before the reference date (the real /stix.json holds 30). */
  windowDays?: number;
  referenceDate?: string;
  /** The report description: the brief's Markdown (default, as upstream) or just its summary (smaller). */
  description?: 'markdown' | 'summary';
  /** Repeat technique and CVE objects per report like the upstream (default true); false is smaller. */
  repeatShared?: boolean;
  /** The indicators of a brief's report (none by default). */
  indicatorsOf?: (slug: string) => StixIndicatorSpec[];
}

/** What the STIX builder needs about one brief. Items may be hand-written fixtures. */
export interface StixEntry {
  slug: string;
  title: string;
  published: string;
  modified?: string;
  products?: string[];
  vendors?: string[];
  cves?: CsCve[];
  cpes?: string[];
  techniques: string[];
  /** The report description (the brief's Markdown); defaults to the summary. */
  description?: string;
  labels?: string[];
  /** Technique names that override the catalog's (hostile fixtures). */
  techniqueNames?: Record<string, string>;
  /** Report external references (objects, or bare strings as the upstream sometimes writes); defaults to NVD links of the CVEs. */
  references?: ({ source_name: string; url?: string; external_id?: string } | string)[];
  /** Indicators linked to the report (object_refs and a `uses` relationship); `id` repeats an object on purpose. */
  indicators?: StixIndicatorSpec[];
  confidence?: number;
}

export interface StixIndicatorSpec {
  /** The upstream's `"<type>: <value>"`; not unique, never read by the dashboard. */
  name: string;
  pattern: string;
  id?: string;
}

export interface BuildStixOptions {
  /** The upstream repeats a technique (and a CVE) object for every report that uses it (default). */
  repeatShared?: boolean;
}

export function buildStixBundle(
  entries: StixEntry[],
  bundleKey = 'bundle',
  options: BuildStixOptions = {},
): StixBundle {
  const objects: StixObject[] = [];
  const repeat = options.repeatShared ?? true;
  const emitted = new Set<string>();
  const once = (id: string) => {
    if (repeat) return true;
    if (emitted.has(id)) return false;
    emitted.add(id);
    return true;
  };
  for (const entry of entries) {
    const created = entry.published;
    const modified = entry.modified ?? entry.published;
    const reportId = `report--${stableUuid(`report:${entry.slug}`)}`;
    const refs: string[] = [];
    for (const technique of entry.techniques) {
      const patternId = `attack-pattern--${stableUuid(`attack-pattern:${technique}`)}`;
      if (once(patternId))
        objects.push({
          type: 'attack-pattern',
          spec_version: '2.1',
          id: patternId,
          created,
          modified: created,
          name: entry.techniqueNames?.[technique] ?? TECHNIQUE_NAMES.get(technique) ?? technique,
          external_references: [
            {
              source_name: 'mitre-attack',
              external_id: technique,
              url: `https://attack.mitre.org/techniques/${technique.replace('.', '/')}`,
            },
          ],
        });
      objects.push({
        type: 'relationship',
        spec_version: '2.1',
        id: `relationship--${stableUuid(`uses:${entry.slug}:${technique}`)}`,
        created,
        modified: created,
        relationship_type: 'uses',
        source_ref: reportId,
        target_ref: patternId,
      });
      refs.push(patternId);
    }
    (entry.indicators ?? []).forEach((indicator, n) => {
      const indicatorId =
        indicator.id ??
        `indicator--${stableUuid(`indicator:${entry.slug}:${n}:${indicator.pattern}`)}`;
      objects.push({
        type: 'indicator',
        spec_version: '2.1',
        id: indicatorId,
        created,
        modified: created,
        name: indicator.name,
        pattern: indicator.pattern,
        pattern_type: 'stix',
        valid_from: entry.published,
      });
      objects.push({
        type: 'relationship',
        spec_version: '2.1',
        id: `relationship--${stableUuid(`uses:${entry.slug}:${indicatorId}`)}`,
        created,
        modified: created,
        relationship_type: 'uses',
        source_ref: reportId,
        target_ref: indicatorId,
      });
      refs.push(indicatorId);
    });
    const vulnerabilityIds: string[] = [];
    for (const cve of entry.cves ?? []) {
      const vulnerabilityId = `vulnerability--${stableUuid(`vulnerability:${cve.id}`)}`;
      vulnerabilityIds.push(vulnerabilityId);
      if (once(vulnerabilityId))
        objects.push({
          type: 'vulnerability',
          spec_version: '2.1',
          id: vulnerabilityId,
          created,
          modified: created,
          name: cve.id,
          external_references: [
            {
              source_name: 'cve',
              external_id: cve.id,
              url: `https://nvd.nist.gov/vuln/detail/${cve.id}`,
            },
          ],
        });
    }
    (entry.products ?? []).forEach((product, n) => {
      const softwareId = `software--${stableUuid(`software:${entry.slug}:${product}`)}`;
      const software: StixObject = { type: 'software', id: softwareId, name: product };
      const vendor = entry.vendors?.[Math.min(n, (entry.vendors?.length ?? 1) - 1)];
      if (vendor) software.vendor = vendor;
      const cpe = entry.cpes?.[n];
      if (cpe) software.cpe = cpe;
      objects.push(software);
      refs.push(softwareId);
      for (const vulnerabilityId of vulnerabilityIds) {
        objects.push({
          type: 'relationship',
          spec_version: '2.1',
          id: `relationship--${stableUuid(`has:${softwareId}:${vulnerabilityId}`)}`,
          created,
          modified: created,
          relationship_type: 'has',
          source_ref: softwareId,
          target_ref: vulnerabilityId,
        });
      }
    });
    refs.push(...vulnerabilityIds);
    objects.push({
      type: 'report',
      spec_version: '2.1',
      id: reportId,
      created,
      modified,
      name: entry.title,
      description: entry.description ?? '',
      published: entry.published,
      labels: entry.labels ?? ['threat-report'],
      object_refs: refs,
      external_references:
        entry.references ??
        (entry.cves ?? []).map((cve) => ({
          source_name: 'reference',
          url: `https://nvd.nist.gov/vuln/detail/${cve.id}`,
        })),
      confidence: entry.confidence ?? 60 + (hash32(entry.slug) % 36),
    });
  }
  return { type: 'bundle', id: `bundle--${stableUuid(bundleKey)}`, objects };
}

/** The STIX bundle matching a synthetic feed (optionally only the last `windowDays`). */
export function synthStix(feed: SynthFeed, options: SynthStixOptions = {}): StixBundle {
  const reference = Date.parse(options.referenceDate ?? DEFAULT_REFERENCE_DATE);
  const since =
    options.windowDays === undefined ? -Infinity : reference - options.windowDays * 86_400_000;
  const entries: StixEntry[] = [];
  feed.items.forEach((item, n) => {
    const info = feed.meta[n];
    if (!info || Date.parse(item.date_published) < since) return;
    entries.push({
      slug: info.slug,
      title: item.title,
      published: item.date_published,
      modified: item.date_modified,
      products: item._cs_products,
      vendors: item._cs_vendors,
      cves: item._cs_cves,
      cpes: item._cs_cpes,
      techniques: info.techniques,
      description:
        options.description === 'summary'
          ? item.summary
          : (feed.markdownOf(info.slug) ?? item.summary),
      labels: SCENARIOS.find((sc) => sc.key === info.scenario)?.labels,
      ...(options.indicatorsOf && { indicators: options.indicatorsOf(info.slug) }),
    });
  });
  return buildStixBundle(
    entries,
    `bundle:${options.seed ?? 1}:${feed.items.length}:${options.windowDays ?? 'all'}`,
    {
      repeatShared: options.repeatShared,
    },
  );
}
