import 'server-only';
import { stableUuid } from '@/lib/text/stable-uuid';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { describeFilter } from '@/lib/briefs/select';
import { filterToSearchParams, parseViewFilter } from '@/lib/briefs/filter/url';
import { SEVERITIES } from '@/lib/briefs/types';
import { STIX_MEDIA_TYPE, STIX_NAMESPACE } from '@/lib/briefs/export/stix';
import type { TaxiiCollectionConfig } from '@/lib/config';

// The TAXII collections: each is a filtered view of the briefs. Built in: every brief, and one
// per severity; a deployment adds its own through TAXII_COLLECTIONS (see the README). A
// collection's id is a UUIDv5 of its filter unless configured, so it survives restarts.

export interface TaxiiCollection {
  id: string;
  title: string;
  description: string;
  filter: BriefFilter;
}

/** The collection resource of TAXII 2.1 section 5.2. */
export function toCollectionResource(collection: TaxiiCollection) {
  return {
    id: collection.id,
    title: collection.title,
    description: collection.description,
    can_read: true,
    can_write: false,
    media_types: [STIX_MEDIA_TYPE],
  };
}

function fromQuery(
  query: string,
  title: string,
  description?: string,
  id?: string,
): TaxiiCollection {
  const parsed = parseViewFilter(new URLSearchParams(query));
  // lib/config.ts validated configured filters; the built-in ones are written here.
  if (!parsed.ok) throw new Error(`TAXII collection ${title}: ${parsed.error.message}`);
  const canonical = filterToSearchParams(parsed.filter).toString();
  return {
    id: id ?? stableUuid(`taxii-collection:${canonical}`, STIX_NAMESPACE),
    title,
    description:
      description ??
      `STIX 2.1 objects of the threat briefs matching: ${describeFilter(parsed.filter)}.`,
    filter: parsed.filter,
  };
}

const BUILT_IN: readonly TaxiiCollection[] = [
  fromQuery('', 'All briefs'),
  ...SEVERITIES.map((severity) => fromQuery(`severity=${severity}`, `Severity: ${severity}`)),
];

/** Built-in collections first, then the configured ones; an id already taken keeps its first. */
export function listCollections(configured: readonly TaxiiCollectionConfig[]): TaxiiCollection[] {
  const all = [
    ...BUILT_IN,
    ...configured.map((c) => fromQuery(c.filter, c.title, c.description, c.id)),
  ];
  const seen = new Set<string>();
  return all.filter((c) => !seen.has(c.id) && Boolean(seen.add(c.id)));
}
