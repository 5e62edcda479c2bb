// A compact inverted index for longer text (summaries, bodies), about nine times cheaper per
// token than MiniSearch (docs/design-measurements.md): term ids in one Map, postings in flat typed arrays,
// no per-term objects. Exact and prefix terms, no fuzzy matching.

/** MiniSearch's tokenizer: spaces and punctuation separate terms; terms are lower-cased. */
const TERM_SEPARATOR = /[\n\r\p{Z}\p{P}]+/u;

export function toSearchTerms(text: string): string[] {
  return text
    .toLowerCase()
    .split(TERM_SEPARATOR)
    .filter((term) => term !== '');
}

export interface TermIndex {
  readonly documentCount: number;
  readonly averageLength: number;
  readonly lengths: Uint32Array; // terms per document
  readonly termIds: ReadonlyMap<string, number>;
  /** All terms sorted, with their ids, for prefix lookups by binary search. */
  readonly sortedTerms: readonly string[];
  readonly sortedTermIds: Uint32Array;
  /** Documents of term t: postingDocs[postingOffsets[t]] .. [postingOffsets[t + 1] - 1], ascending. */
  readonly postingOffsets: Uint32Array;
  readonly postingDocs: Uint32Array;
  readonly postingFrequencies: Uint16Array;
}

function grow<T extends Uint32Array | Uint16Array>(array: T, make: (length: number) => T): T {
  const bigger = make(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Documents indexed between two yields of termIndexSteps: a few milliseconds of work. */
export const DOCUMENTS_PER_STEP = 500;

export function buildTermIndex(texts: readonly string[]): TermIndex {
  return runToEnd(termIndexSteps(texts.length, (document) => texts[document]!));
}

/** Runs a build to its end, synchronously (the rest of it, when it was started in steps). */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The build in steps: it yields after every DOCUMENTS_PER_STEP documents, so a caller can give
 * the event loop a turn between steps (a served index builds its text index so, see
 * brief-index.ts). `textAt` is read once per document, in order.
 */
export function* termIndexSteps(
  count: number,
  textAt: (document: number) => string,
): Generator<void, TermIndex> {
  const termIds = new Map<string, number>();
  const documentFrequency: number[] = [];
  const lastDocument: number[] = [];
  const lastSlot: number[] = [];
  // Pass 1: per document, its distinct term ids and frequencies, back to back.
  let entryTerms = new Uint32Array(1 << 16);
  let entryFrequencies = new Uint16Array(1 << 16);
  let entries = 0;
  const documentOffsets = new Uint32Array(count + 1);
  const lengths = new Uint32Array(count);
  let totalLength = 0;

  for (let document = 0; document < count; document++) {
    if (document > 0 && document % DOCUMENTS_PER_STEP === 0) yield;
    const text = textAt(document);
    documentOffsets[document] = entries;
    let length = 0;
    for (const term of text.toLowerCase().split(TERM_SEPARATOR)) {
      if (term === '') continue;
      length++;
      let id = termIds.get(term);
      if (id === undefined) {
        id = documentFrequency.length;
        termIds.set(term, id);
        documentFrequency.push(0);
        lastDocument.push(-1);
        lastSlot.push(0);
      }
      if (lastDocument[id] === document) {
        const slot = lastSlot[id]!;
        if (entryFrequencies[slot]! < 0xffff) entryFrequencies[slot]!++;
        continue;
      }
      if (entries === entryTerms.length) {
        entryTerms = grow(entryTerms, (n) => new Uint32Array(n));
        entryFrequencies = grow(entryFrequencies, (n) => new Uint16Array(n));
      }
      lastDocument[id] = document;
      lastSlot[id] = entries;
      documentFrequency[id]!++;
      entryTerms[entries] = id;
      entryFrequencies[entries] = 1;
      entries++;
    }
    lengths[document] = length;
    totalLength += length;
  }
  documentOffsets[count] = entries;

  // Pass 2: the same entries regrouped by term; documents come out ascending.
  const postingOffsets = new Uint32Array(documentFrequency.length + 1);
  documentFrequency.forEach((count, id) => (postingOffsets[id + 1] = postingOffsets[id]! + count));
  const next = postingOffsets.slice(0, documentFrequency.length);
  const postingDocs = new Uint32Array(entries);
  const postingFrequencies = new Uint16Array(entries);
  for (let document = 0; document < count; document++) {
    if (document > 0 && document % (8 * DOCUMENTS_PER_STEP) === 0) yield;
    for (let j = documentOffsets[document]!; j < documentOffsets[document + 1]!; j++) {
      const slot = next[entryTerms[j]!]!++;
      postingDocs[slot] = document;
      postingFrequencies[slot] = entryFrequencies[j]!;
    }
  }

  const sortedTerms = [...termIds.keys()].sort();
  return {
    documentCount: count,
    averageLength: count > 0 ? totalLength / count : 0,
    lengths,
    termIds,
    sortedTerms,
    sortedTermIds: Uint32Array.from(sortedTerms, (term) => termIds.get(term)!),
    postingOffsets,
    postingDocs,
    postingFrequencies,
  };
}

function firstTermAtLeast(sorted: readonly string[], term: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < term) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// BM25 with MiniSearch's parameters and prefix weight, so scores sit on MiniSearch's scale.
const K = 1.2;
const B = 0.7;
const D = 0.5;
const PREFIX_WEIGHT = 0.375;

function addTermScores(index: TermIndex, id: number, weight: number, into: Float64Array): void {
  const start = index.postingOffsets[id]!;
  const end = index.postingOffsets[id + 1]!;
  const idf = Math.log(1 + (index.documentCount - (end - start) + 0.5) / (end - start + 0.5));
  const averageLength = index.averageLength || 1;
  for (let j = start; j < end; j++) {
    const document = index.postingDocs[j]!;
    const tf = index.postingFrequencies[j]!;
    const norm = 1 - B + (B * index.lengths[document]!) / averageLength;
    into[document]! += weight * idf * (D + (tf * (K + 1)) / (tf + K * norm));
  }
}

/**
 * Adds one query term's scores, times `boost`, into `into` (by document; > 0 for a match). A
 * prefix term also matches longer terms, weighted down as MiniSearch does.
 */
export function addTermScoresTo(
  into: Float64Array,
  index: TermIndex,
  term: string,
  { prefix, boost }: { prefix: boolean; boost: number },
): void {
  const exact = index.termIds.get(term);
  if (exact !== undefined) addTermScores(index, exact, boost, into);
  if (!prefix) return;
  for (let i = firstTermAtLeast(index.sortedTerms, term); i < index.sortedTerms.length; i++) {
    const candidate = index.sortedTerms[i]!;
    if (!candidate.startsWith(term)) break;
    if (candidate === term) continue;
    const weight = (boost * PREFIX_WEIGHT * term.length) / candidate.length;
    addTermScores(index, index.sortedTermIds[i]!, weight, into);
  }
}
