import { v5 as uuidv5 } from 'uuid';
import { toBriefUrl } from '@/lib/briefs/select';
import { stableUuid } from '@/lib/text/stable-uuid';
import type { IndexedBrief, Technique } from '@/lib/briefs/types';
import { exportKeyOf } from './brief-key';
import type { BriefIndicators, Indicator } from '@/lib/briefs/indicators';
import { toExternalReference, toStixPattern } from './stix-indicators';
import { stixSignalReferences } from '@/lib/signals/export-fields';
import { NO_SIGNALS, type CveSignals } from '@/lib/signals/types';

// A STIX 2.1 bundle of a filtered view, for threat-intel platforms (OpenCTI, MISP, Sentinel...).
// One `report` per brief, with the ATT&CK techniques as `attack-pattern`s (external id and kill
// chain phases), its CVEs as `vulnerability`s, its actors as `intrusion-set`s with `uses` and
// `targets` relationships, all created by one `identity`. Ids are UUIDv5: the same brief (by its
// upstream URL), technique, CVE or actor is the same object in every bundle, on every instance
// and after every restart, so a platform merges repeated imports instead of duplicating them.

export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

/** The namespace of every id here: UUIDv5 of the upstream feed's site in the URL namespace. */
export const STIX_NAMESPACE = uuidv5('https://feed.craftedsignal.io/', uuidv5.URL);

/** `created`/`modified` of the objects that are not one brief's (identity, techniques, CVEs, actors). */
const SHARED_OBJECT_TIME = '2024-01-01T00:00:00.000Z';

export interface StixObject {
  type: string;
  spec_version: '2.1';
  id: string;
  created: string;
  modified: string;
  [property: string]: unknown;
}

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

const stixId = (type: string, name: string) => `${type}--${stableUuid(name, STIX_NAMESPACE)}`;

export const PRODUCER: StixObject = {
  type: 'identity',
  spec_version: '2.1',
  id: stixId('identity', 'threat-brief-dashboard'),
  created: SHARED_OBJECT_TIME,
  modified: SHARED_OBJECT_TIME,
  name: 'CraftedSignal threat brief dashboard',
  description:
    'Threat briefs of the CraftedSignal feed (https://feed.craftedsignal.io/), restated.',
  identity_class: 'system',
};

const shared = (type: string, key: string, rest: Record<string, unknown>): StixObject => ({
  type,
  spec_version: '2.1',
  id: stixId(type, key),
  created: SHARED_OBJECT_TIME,
  modified: SHARED_OBJECT_TIME,
  created_by_ref: PRODUCER.id,
  ...rest,
});

function attackPattern(technique: Technique): StixObject {
  const [parent, sub] = technique.id.split('.');
  return shared('attack-pattern', `attack-pattern:${technique.id}`, {
    name: technique.name ?? technique.id,
    external_references: [
      {
        source_name: 'mitre-attack',
        external_id: technique.id,
        url: `https://attack.mitre.org/techniques/${parent}/${sub ? `${sub}/` : ''}`,
      },
    ],
    // The schema wants at least one phase when the property is there: a technique with no known
    // tactic has none.
    ...(technique.tactics.length > 0
      ? {
          kill_chain_phases: technique.tactics.map((phase) => ({
            kill_chain_name: 'mitre-attack',
            phase_name: phase,
          })),
        }
      : {}),
  });
}

function vulnerability(cve: string, signals: CveSignals): StixObject {
  // KEV and EPSS as references; the object's modified time moves with them (lib/signals/).
  const { references, changedOn } = stixSignalReferences(cve, signals);
  return shared('vulnerability', `vulnerability:${cve}`, {
    ...(changedOn && changedOn > SHARED_OBJECT_TIME && { modified: changedOn }),
    name: cve,
    external_references: [
      { source_name: 'cve', external_id: cve, url: `https://nvd.nist.gov/vuln/detail/${cve}` },
      ...references,
    ],
  });
}

function intrusionSet(actor: string): StixObject {
  return shared('intrusion-set', `intrusion-set:${actor.toLowerCase()}`, { name: actor });
}

/** One indicator object per value: the same value is the same object in every brief and bundle. */
function indicator(value: Indicator): StixObject {
  return shared('indicator', `indicator:${value.type}:${value.value}`, {
    name: `${value.type}: ${value.value}`,
    pattern: toStixPattern(value),
    pattern_type: 'stix',
    valid_from: SHARED_OBJECT_TIME,
  });
}

/** A brief's indicators and references, read from the body store; absent when it has none. */
export type ExtrasOf = (
  slug: string,
) => Pick<BriefIndicators, 'indicators' | 'references'> | undefined;

/** The time of a brief in STIX's form (the schema wants a `Z` timestamp). */
const toStixTime = (iso: string) => new Date(iso).toISOString();

/**
 * The objects of one brief: its report first, then what the report refers to. The producer
 * identity is not among them (every bundle and collection has it once).
 */
export function toStixObjectsOfBrief(
  brief: IndexedBrief,
  origin: string,
  extrasOf?: ExtrasOf,
  signals: CveSignals = NO_SIGNALS,
): StixObject[] {
  const extras = extrasOf?.(brief.slug);
  // Unique per served brief by construction (brief-key.ts): no two reports share an id.
  const key = exportKeyOf(brief);
  const published = toStixTime(brief.date);
  const modified = brief.modified ? toStixTime(brief.modified) : published;
  const times = { created: published, modified: modified < published ? published : modified };
  const patterns = brief.techniques.map(attackPattern);
  const vulnerabilities = brief.cves.map((cve) => vulnerability(cve.id, signals));
  const actors = brief.actors.map(intrusionSet);
  const relationships: StixObject[] = actors.flatMap((actor) =>
    [
      ...patterns.map((target) => ['uses', target] as const),
      ...vulnerabilities.map((target) => ['targets', target] as const),
    ].map(([relationship_type, target]) => ({
      type: 'relationship',
      spec_version: '2.1' as const,
      id: stixId('relationship', `${key}|${actor.id}|${relationship_type}|${target.id}`),
      ...times,
      created_by_ref: PRODUCER.id,
      relationship_type,
      source_ref: actor.id,
      target_ref: target.id,
    })),
  );
  const labels = [
    ...(brief.type ? [`type:${brief.type}`] : []),
    ...brief.severities.map((severity) => `severity:${severity}`),
    ...brief.tags,
  ];
  const indicators = (extras?.indicators ?? []).map(indicator);
  const referred = [...patterns, ...vulnerabilities, ...actors, ...relationships, ...indicators];
  const report: StixObject = {
    type: 'report',
    spec_version: '2.1',
    id: stixId('report', key),
    ...times,
    created_by_ref: PRODUCER.id,
    name: brief.title,
    ...(brief.summary ? { description: brief.summary } : {}),
    published,
    report_types: ['threat-report'],
    ...(labels.length > 0 ? { labels } : {}),
    external_references: [
      { source_name: 'threat-brief-dashboard', url: toBriefUrl(origin, brief.slug) },
      ...(brief.url ? [{ source_name: 'craftedsignal', url: brief.url }] : []),
      ...(extras?.references ?? []).map(toExternalReference),
    ],
    ...(brief.confidence !== null && brief.confidence !== undefined
      ? { confidence: brief.confidence }
      : {}),
    // The schema wants at least one reference: a brief with nothing else refers to its producer.
    object_refs: referred.length > 0 ? referred.map((o) => o.id) : [PRODUCER.id],
  };
  return [report, ...referred];
}

/** The briefs' objects with the producer first, each object once, in a stable order. */
export function toStixObjects(
  briefs: readonly IndexedBrief[],
  origin: string,
  extrasOf?: ExtrasOf,
  signals: CveSignals = NO_SIGNALS,
): StixObject[] {
  const byId = new Map<string, StixObject>([[PRODUCER.id, PRODUCER]]);
  for (const brief of briefs) {
    for (const object of toStixObjectsOfBrief(brief, origin, extrasOf, signals)) {
      if (!byId.has(object.id)) byId.set(object.id, object);
    }
  }
  return [...byId.values()];
}

export function buildStixBundle(
  briefs: readonly IndexedBrief[],
  origin: string,
  extrasOf?: ExtrasOf,
  signals: CveSignals = NO_SIGNALS,
): StixBundle {
  const objects = toStixObjects(briefs, origin, extrasOf, signals);
  // Same briefs, same bundle id; the id is a UUIDv5 of the reports it holds.
  const reports = objects.filter((o) => o.type === 'report').map((o) => o.id);
  return { type: 'bundle', id: stixId('bundle', reports.join(',')), objects };
}
