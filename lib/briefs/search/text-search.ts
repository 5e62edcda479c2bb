import MiniSearch from 'minisearch';
import {
  addTermScoresTo,
  DOCUMENTS_PER_STEP,
  termIndexSteps,
  toSearchTerms,
  type TermIndex,
} from '@/lib/briefs/search/term-index';
import type { IndexedBrief } from '@/lib/briefs/types';

// Full-text search over briefs, by position in the index's newest-first order. MiniSearch holds
// the titles, with prefix and fuzzy matching; facet values, summaries and bodies sit in compact
// term indexes (exact and prefix): MiniSearch needed several seconds of CPU to index them for
// 10,000 briefs, against well under one for the term indexes.

/** How much of a brief's plain text is searchable; bodies open with the overview. */
export const BODY_TEXT_CHARS = 2_000;
/** Shorter last terms are matched whole: a one- or two-letter prefix expands to thousands of terms. */
export const MIN_PREFIX_LENGTH = 3;

const BOOST = { title: 3, facets: 2, summary: 2, body: 1 };

interface FieldDocument {
  id: number; // position in the index
  brief: IndexedBrief;
}

function toFacetText(brief: IndexedBrief): string {
  return [
    ...brief.tags,
    ...brief.vendors,
    ...brief.products,
    ...brief.actors,
    ...brief.cves.map((cve) => cve.id),
    ...brief.techniques.map((technique) => technique.id),
  ].join(' ');
}

export interface TextIndex {
  readonly titles: MiniSearch<FieldDocument>;
  readonly facets: TermIndex;
  readonly summary: TermIndex;
  readonly body: TermIndex;
}

/**
 * The text index of `briefs` (in index order: a brief's position is its search id), built in
 * steps of DOCUMENTS_PER_STEP briefs (see termIndexSteps).
 */
export function* textIndexSteps(
  briefs: readonly IndexedBrief[],
  textOf: (brief: IndexedBrief) => string,
): Generator<void, TextIndex> {
  const titles = new MiniSearch<FieldDocument>({
    fields: ['title'],
    extractField: (document, field) => (field === 'id' ? document.id : document.brief.title),
    searchOptions: { boost: { title: BOOST.title } },
  });
  for (let id = 0; id < briefs.length; id++) {
    if (id > 0 && id % DOCUMENTS_PER_STEP === 0) yield;
    titles.add({ id, brief: briefs[id]! });
  }
  const count = briefs.length;
  return {
    titles,
    facets: yield* termIndexSteps(count, (i) => toFacetText(briefs[i]!)),
    summary: yield* termIndexSteps(count, (i) => briefs[i]!.summary),
    // One brief's text at a time: a store-backed textOf reads each from disk and drops it.
    body: yield* termIndexSteps(count, (i) => textOf(briefs[i]!).slice(0, BODY_TEXT_CHARS)),
  };
}

/** Matches best first; equal scores newest first (lower position). */
export interface TextMatches {
  positions: Uint32Array;
  scores: Float64Array;
}

/** Adds one term's scores per position into `into`, over every field. */
function scoreTerm(index: TextIndex, term: string, last: boolean, into: Float64Array): void {
  // The last term is still being typed; a typo costs one edit, on longer words only.
  const prefix = last && term.length >= MIN_PREFIX_LENGTH;
  addTermScoresTo(into, index.facets, term, { prefix, boost: BOOST.facets });
  addTermScoresTo(into, index.summary, term, { prefix, boost: BOOST.summary });
  addTermScoresTo(into, index.body, term, { prefix, boost: BOOST.body });
  const results = index.titles.search(term, { prefix, fuzzy: term.length >= 5 ? 0.1 : false });
  for (const { id, score } of results) into[id as number]! += score;
}

/**
 * Every term must match (AND) in the title, facet values, summary or body; scores add up. null
 * when `q` holds no searchable term (only punctuation), so that it does not constrain.
 */
export function searchTextIndex(index: TextIndex, q: string): TextMatches | null {
  const terms = toSearchTerms(q);
  if (terms.length === 0) return null;
  const lastTerm = terms[terms.length - 1];
  const unique = [...new Set(terms)];
  const size = index.body.documentCount;
  // Dense arrays over all positions: cheaper than Maps once a term matches thousands of briefs.
  const totals = new Float64Array(size);
  const termsMatched = new Uint16Array(size);
  const termScores = new Float64Array(size);
  for (const [k, term] of unique.entries()) {
    termScores.fill(0);
    scoreTerm(index, term, term === lastTerm, termScores);
    let anyLeft = false;
    for (let position = 0; position < size; position++) {
      if (termScores[position]! > 0 && termsMatched[position] === k) {
        termsMatched[position] = k + 1;
        totals[position]! += termScores[position]!;
        anyLeft = true;
      }
    }
    if (!anyLeft) break;
  }
  let matchCount = 0;
  for (let position = 0; position < size; position++) {
    if (termsMatched[position] === unique.length) matchCount++;
  }
  const positions = new Uint32Array(matchCount);
  let next = 0;
  for (let position = 0; position < size; position++) {
    if (termsMatched[position] === unique.length) positions[next++] = position;
  }
  positions.sort((a, b) => totals[b]! - totals[a]! || a - b);
  return { positions, scores: Float64Array.from(positions, (position) => totals[position]!) };
}
