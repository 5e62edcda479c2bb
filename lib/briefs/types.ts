import type { BriefChanges } from './changes';
import type { BriefSignals } from '@/lib/signals/types';

// The app's own model of a brief. Nothing outside lib/feed/ ever sees a raw feed item.
import type { BriefIndicators } from '@/lib/briefs/indicators';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational', 'rumour'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Brief.date when an item has no parsable publication or modification date: sorts last, stays visible. */
export const UNKNOWN_DATE = '1970-01-01T00:00:00.000Z';

export const BRIEF_TYPES = ['threat', 'coverage', 'advisory', 'rumour'] as const;
export type BriefType = (typeof BRIEF_TYPES)[number];

export interface Cve {
  id: string; // upper case, CVE-YYYY-NNNN+
  cvss: number | null;
}

export interface Technique {
  id: string; // T1059 or T1059.001, upper case
  name: string | null;
  tactics: string[]; // tactic shortnames in matrix order, e.g. 'initial-access'
}

/** An affected product as the feed names it: `Foo (< 2.3.1)` -> { name: 'Foo', version: '< 2.3.1' } */
export interface AffectedProduct {
  name: string;
  version: string | null;
}

/** One item of a list section (attack chain step, recommendation): sanitised HTML and its plain text. */
export interface ListItem {
  html: string;
  text: string;
}

export interface OtherSection {
  id: string;
  heading: string;
  html: string; // sanitised
}

export interface BriefSections {
  overview: string | null; // sanitised HTML
  attackChain: ListItem[];
  impact: string | null; // sanitised HTML
  recommendations: ListItem[];
  other: OtherSection[];
  /** Every heading in document order, for a table of contents. */
  outline: { id: string; heading: string }[];
}

/** What the list and the API's `items` show: no HTML. */
export interface BriefListItem {
  slug: string;
  title: string;
  summary: string;
  date: string; // ISO 8601, published
  /** ISO 8601, last modified; "New" markers look at it too. */
  modified: string | null;
  type: BriefType | null;
  severity: Severity | null;
  vendors: string[];
  products: string[]; // names without version
  actors: string[];
  tags: string[];
  exploited: boolean | null;
  hasPoc: boolean;
  cves: string[];
  techniques: string[]; // technique ids
  /** Set only on a brief that changed since the dashboard first saw it (lib/briefs/changes.ts). */
  changed?: BriefChangeMark;
  /** KEV and highest EPSS of its CVEs, joined at query time; absent when both are off. */
  signals?: BriefSignals;
}

/** The last change the dashboard saw in a brief: a list row, a sort and a feed item read it. */
export interface BriefChangeMark {
  /** When the changed version was first served here (what "since you read it" compares). */
  at: string;
  /** The publisher's date_modified when it moved with the change, else `at`. */
  updated: string;
  /** The changes from the version before, in short sentences. */
  what: string[];
}

export interface Brief extends Omit<BriefListItem, 'cves' | 'techniques'>, BriefIndicators {
  url: string | null; // only http(s)
  severities: Severity[];
  affected: AffectedProduct[];
  cves: Cve[];
  pocReferences: string[]; // only http(s)
  cpes: string[];
  techniques: Technique[];
  tactics: string[]; // tactic shortnames from tags and techniques
  contentHtml: string; // sanitised
  sections: BriefSections;
  /** Plain text of the content, for the search index. Not sent to clients. */
  text: string;
  /** The feed gave no title: `title` is a fallback (the summary's first words, or the slug). */
  untitled?: true;
  /** A date the feed gave lies outside the accepted years (date-range.ts): treated as missing. */
  dateOutOfRange?: true;
  /** The STIX report's confidence (0-100), shown beside the techniques. */
  confidence: number | null;
  /** How many indicators the brief carries (the list itself is in the body store). */
  iocCount: number;
  /** The indicator types it carries, sorted: the `ioc_type` facet. */
  iocTypes: string[];
  /** Hashes of its searchable indicator values (indicatorHash): what an indicator search finds. */
  iocHashes: number[];
}

/**
 * Why an item was not served. `too-deep`: its JSON nests deeper than MAX_JSON_DEPTH
 * (lib/feed/ingest/depth.ts); `failed`: a step of its normalisation threw (a bug or an input no
 * rule foresaw), so that one item is dropped instead of the crawl; `out-of-memory`: its body ran
 * the HTML worker out of its heap (HTML_POOL_HEAP_MB), so that worker was replaced.
 */
export type SkipReason =
  'not-an-object' | 'no-id' | 'duplicate' | 'too-deep' | 'failed' | 'out-of-memory';

/** What a brief's page reads from the body store (lib/serving/brief-store.ts), not kept on the heap. */
export type BriefBody = Pick<
  Brief,
  'contentHtml' | 'sections' | 'indicators' | 'indicatorsOmitted' | 'references'
>;

/** What the heap keeps of a brief: everything a list, a filter or an export of list fields needs. */
export type IndexedBrief = Omit<Brief, keyof BriefBody | 'text'>;

/** A brief as the API and pages send it: everything but the plain-text copy kept for search. */
export type BriefDetail = IndexedBrief &
  BriefBody & {
    /** What changed in each version the dashboard saw (newest first); null when it never changed. */
    changes?: BriefChanges | null;
  };

/** A brief without its body and plain text: the copy the heap keeps. */
export function toIndexedBrief(brief: Brief): IndexedBrief {
  const {
    contentHtml: _html,
    sections: _sections,
    text: _text,
    indicators: _indicators,
    indicatorsOmitted: _omitted,
    references: _references,
    ...listed
  } = brief;
  return listed;
}

/** The part of a brief the body store keeps beside its list fields. */
export function toBriefBody(brief: Brief): BriefBody {
  return {
    contentHtml: brief.contentHtml,
    sections: brief.sections,
    indicators: brief.indicators,
    indicatorsOmitted: brief.indicatorsOmitted,
    references: brief.references,
  };
}
