// Deterministic synthetic CraftedSignal feed: JSON Feed 1.1 items with `_cs_` fields, the matching
// STIX 2.1 bundle, and JSON Feed pages. The prose is this project's own, assembled from templates
// in data/; vendor, product, CVE, actor and ATT&CK names are real facts, the rest (versions, most
// CVE ids, IOCs, dates) is invented. Used by the demo snapshot, the upstream stand-in, the fixtures
// and the benchmark. The public API:

export {
  DEFAULT_REFERENCE_DATE,
  FEED_DESCRIPTION,
  FEED_ORIGIN,
  FEED_TITLE,
  FEED_URL,
  JSON_FEED_1_0_VERSION,
  JSON_FEED_VERSION,
  type CsCve,
  type FeedPage,
  type StixBundle,
  type StixObject,
  type SynthBriefMeta,
  type SynthFeed,
  type SynthItem,
  type SynthItemV1,
} from './feed-format';
export { briefSlug, synthFeed, toV1Item, type SynthOptions } from './briefs';
export { htmlToMarkdown } from './body-html';
export {
  buildStixBundle,
  synthStix,
  type BuildStixOptions,
  type StixEntry,
  type StixIndicatorSpec,
  type SynthStixOptions,
} from './stix';
export { pageUrl, paginate, toFeedDocument, type PaginateOptions } from './pages';
export { hash32, Rng, stableUuid } from './random';
export { inlineToHtml, productName, slugify, toGoJson } from './text';
export { techniqueName } from './vocabulary';
