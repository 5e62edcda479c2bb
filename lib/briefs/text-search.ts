import MiniSearch, { type SearchOptions } from 'minisearch';
import type { Brief } from '@/lib/briefs/types';

// Full-text search over briefs, by position in the index's newest-first order.

/**
 * How much of a brief's plain text is indexed. The title, summary and facet values carry most of
 * the signal; indexing whole bodies of 10,000 briefs took several seconds and far more memory.
 */
export const SEARCH_TEXT_CHARS = 2_000;

interface SearchDocument {
  id: number; // position in the index
  brief: Brief;
}

type SearchField = 'title' | 'summary' | 'facets' | 'text';
const FIELDS: SearchField[] = ['title', 'summary', 'facets', 'text'];

const SEARCH_OPTIONS: SearchOptions = {
  boost: { title: 3, summary: 2, facets: 2 },
  combineWith: 'AND',
  // The last term is still being typed; a typo costs one edit on longer words only.
  prefix: (_term, i, terms) => i === terms.length - 1,
  fuzzy: (term) => (term.length >= 5 ? 0.1 : false),
};

function extractField(document: SearchDocument, field: string): string | number {
  const { brief } = document;
  switch (field as SearchField | 'id') {
    case 'id':
      return document.id;
    case 'title':
      return brief.title;
    case 'summary':
      return brief.summary;
    case 'facets':
      return [
        ...brief.tags,
        ...brief.vendors,
        ...brief.products,
        ...brief.actors,
        ...brief.cves.map((cve) => cve.id),
        ...brief.techniques.map((technique) => technique.id),
      ].join(' ');
    case 'text':
      return brief.text.slice(0, SEARCH_TEXT_CHARS);
  }
}

export type TextIndex = MiniSearch<SearchDocument>;

/** `briefs` in index order: a brief's position is its search id. */
export function createTextIndex(briefs: readonly Brief[]): TextIndex {
  const index = new MiniSearch<SearchDocument>({
    fields: FIELDS,
    extractField: extractField as (document: SearchDocument, field: string) => string,
    searchOptions: SEARCH_OPTIONS,
  });
  index.addAll(briefs.map((brief, id) => ({ id, brief })));
  return index;
}

/** Matches best first; equal scores newest first (lower position). */
export interface TextMatches {
  positions: Uint32Array;
  scores: Float64Array;
}

/** null when `q` holds no searchable term (only punctuation), so it does not constrain. */
export function searchTextIndex(index: TextIndex, q: string): TextMatches | null {
  // MiniSearch's own tokenizer splits on spaces and punctuation.
  if (q.split(/[\n\r\p{Z}\p{P}]+/u).every((term) => term === '')) return null;
  const results = index.search(q);
  results.sort((a, b) => b.score - a.score || (a.id as number) - (b.id as number));
  const positions = new Uint32Array(results.length);
  const scores = new Float64Array(results.length);
  results.forEach((result, i) => {
    positions[i] = result.id as number;
    scores[i] = result.score;
  });
  return { positions, scores };
}
