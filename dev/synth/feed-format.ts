// What the upstream writes: its constants and the shapes of its items, pages and STIX bundle, plus
// the ground truth the generator keeps about each brief.

export const FEED_ORIGIN = 'https://feed.craftedsignal.io';
export const FEED_URL = `${FEED_ORIGIN}/feed.json`;
export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';
export const JSON_FEED_1_0_VERSION = 'https://jsonfeed.org/version/1';
export const FEED_TITLE = 'CraftedSignal Threat Feed';
export const FEED_DESCRIPTION =
  'Trending threats, MITRE ATT\u0026CK coverage, and detection metadata — refreshed continuously.';
export const DEFAULT_REFERENCE_DATE = '2026-11-20T00:00:00Z';

export interface CsCve {
  id: string;
  cvss?: number;
}

/** One feed item exactly as the upstream writes it (keys in the upstream's alphabetical order). */
export interface SynthItem {
  _cs_actors: string[];
  _cs_cpes?: string[];
  _cs_cves: CsCve[];
  _cs_exploited: boolean;
  _cs_has_poc?: boolean;
  _cs_poc_references?: string[];
  _cs_products: string[];
  _cs_severities: string[];
  _cs_tags: string[];
  _cs_type: string;
  _cs_vendors: string[];
  content_html: string;
  date_modified: string;
  date_published: string;
  id: string;
  summary: string;
  title: string;
  url: string;
}

/** The unprefixed JSON Feed 1.0 variant the site's API page documents. */
export interface SynthItemV1 {
  actors: string[];
  content_html: string;
  cves: CsCve[];
  date: string;
  exploited: boolean;
  id: string;
  products: string[];
  severities: string[];
  summary: string;
  tags: string[];
  title: string;
  type: string;
  url: string;
  vendors: string[];
}

export interface FeedPage<T = unknown> {
  description: string;
  feed_url: string;
  home_page_url: string;
  items: T[];
  language: string;
  next_url?: string;
  title: string;
  version: string;
}

export interface StixObject {
  type: string;
  id: string;
  [key: string]: unknown;
}

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** Ground truth about one generated brief, for tests and the benchmark. */
export interface SynthBriefMeta {
  slug: string;
  scenario: string;
  /** Every technique of the brief (the STIX `uses` targets), sorted. */
  techniques: string[];
  /** Technique ids written in the content text. */
  techniquesInText: string[];
  attackChainSteps: number;
  recommendations: number;
  /** Headings in document order, as written. */
  headings: string[];
}

export interface SynthFeed {
  items: SynthItem[];
  meta: SynthBriefMeta[];
  /** The brief's Markdown body (what a STIX report's description carries), rendered on demand. */
  markdownOf(slug: string): string | undefined;
}
