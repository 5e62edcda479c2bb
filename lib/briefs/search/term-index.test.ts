import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { addTermScoresTo, buildTermIndex, toSearchTerms, type TermIndex } from './term-index';

/** BM25 as the module documents it: k = 1.2, b = 0.7, d = 0.5 (MiniSearch's parameters). */
function bm25(tf: number, matching: number, total: number, length: number, average: number) {
  const idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return idf * (0.5 + (tf * 2.2) / (tf + 1.2 * (1 - 0.7 + (0.7 * length) / average)));
}

function scores(
  index: TermIndex,
  term: string,
  options: { prefix?: boolean; boost?: number } = {},
): number[] {
  const into = new Float64Array(index.documentCount);
  addTermScoresTo(into, index, term, {
    prefix: options.prefix ?? false,
    boost: options.boost ?? 1,
  });
  return Array.from(into);
}

/** The documents and frequencies of one term, read from the flat posting arrays. */
function postings(index: TermIndex, term: string): [number, number][] {
  const id = index.termIds.get(term);
  if (id === undefined) return [];
  const out: [number, number][] = [];
  for (let j = index.postingOffsets[id]!; j < index.postingOffsets[id + 1]!; j++)
    out.push([index.postingDocs[j]!, index.postingFrequencies[j]!]);
  return out;
}

describe('toSearchTerms', () => {
  it('lower-cases and splits on spaces, line breaks and punctuation', () => {
    expect(toSearchTerms('Hello, World!')).toEqual(['hello', 'world']);
    expect(toSearchTerms('line one\nline two\r\nend')).toEqual([
      'line',
      'one',
      'line',
      'two',
      'end',
    ]);
    expect(toSearchTerms('CVE-2024-3400 (PAN-OS)')).toEqual(['cve', '2024', '3400', 'pan', 'os']);
    expect(toSearchTerms('T1059.001 edge_device')).toEqual(['t1059', '001', 'edge', 'device']);
    expect(toSearchTerms('ÜBER\u00a0Straße')).toEqual(['über', 'straße']);
  });

  it('keeps symbols inside terms and does not split on tabs (as MiniSearch)', () => {
    expect(toSearchTerms('c++ $HOME a+b')).toEqual(['c++', '$home', 'a+b']);
    expect(toSearchTerms('a\tb')).toEqual(['a\tb']);
  });

  it('returns no terms for empty or punctuation-only text', () => {
    expect(toSearchTerms('')).toEqual([]);
    expect(toSearchTerms('  ,.;!?  \n')).toEqual([]);
  });

  it("matches MiniSearch's default tokenizer and term processing", () => {
    const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
    const processTerm = MiniSearch.getDefault('processTerm') as (term: string) => string;
    for (const text of [
      'Ivanti Connect Secure (< 22.7R2.5): CVE-2025-0282 exploited',
      "Don't use `rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump`",
      'e-mail — “quoted” «guillemets» 1,000.5 50% #tag @user',
      '',
    ])
      expect(toSearchTerms(text), text).toEqual(
        tokenize(text)
          .map(processTerm)
          .filter((term) => term !== ''),
      );
  });
});

describe('buildTermIndex', () => {
  it('an empty corpus has no documents and no terms', () => {
    const index = buildTermIndex([]);
    expect(index.documentCount).toBe(0);
    expect(index.averageLength).toBe(0);
    expect(index.lengths.length).toBe(0);
    expect(index.termIds.size).toBe(0);
    expect(index.sortedTerms).toEqual([]);
    expect(scores(index, 'anything', { prefix: true })).toEqual([]);
  });

  it('counts terms per document (repeats included) and their average', () => {
    const index = buildTermIndex(['a b a', '', 'c', '...']);
    expect(index.documentCount).toBe(4);
    expect(Array.from(index.lengths)).toEqual([3, 0, 1, 0]);
    expect(index.averageLength).toBe(1);
  });

  it('gives term ids in first-seen order and keeps a sorted term list beside them', () => {
    const index = buildTermIndex(['zeta alpha', 'Mid ALPHA beta']);
    expect([...index.termIds]).toEqual([
      ['zeta', 0],
      ['alpha', 1],
      ['mid', 2],
      ['beta', 3],
    ]);
    expect(index.sortedTerms).toEqual(['alpha', 'beta', 'mid', 'zeta']);
    expect(Array.from(index.sortedTermIds)).toEqual(
      index.sortedTerms.map((term) => index.termIds.get(term)),
    );
  });

  it('lists each term’s documents ascending with their frequencies', () => {
    const index = buildTermIndex(['x y x', 'y', 'x x x z', 'z y']);
    expect(postings(index, 'x')).toEqual([
      [0, 2],
      [2, 3],
    ]);
    expect(postings(index, 'y')).toEqual([
      [0, 1],
      [1, 1],
      [3, 1],
    ]);
    expect(postings(index, 'z')).toEqual([
      [2, 1],
      [3, 1],
    ]);
    expect(index.postingOffsets.length).toBe(index.termIds.size + 1);
    expect(index.postingOffsets[index.termIds.size]).toBe(index.postingDocs.length);
  });

  it('caps a frequency at 65535 but counts every occurrence in the length', () => {
    const index = buildTermIndex([Array(70_000).fill('spam').join(' '), 'spam']);
    expect(postings(index, 'spam')).toEqual([
      [0, 65_535],
      [1, 1],
    ]);
    expect(index.lengths[0]).toBe(70_000);
  });

  it('grows past its initial 65,536 (term, document) entries without losing any', () => {
    const texts = Array.from({ length: 40_000 }, (_, i) => `common w${i % 1000}`);
    const index = buildTermIndex(texts);
    expect(index.postingDocs.length).toBe(80_000);
    const common = postings(index, 'common');
    expect(common.length).toBe(40_000);
    expect(common.every(([document, tf], i) => document === i && tf === 1)).toBe(true);
    expect(postings(index, 'w999').map(([document]) => document)).toEqual(
      Array.from({ length: 40 }, (_, k) => 999 + k * 1000),
    );
  });
});

describe('addTermScoresTo', () => {
  const texts = [
    'secure gateway exploited', // 0
    'secure secure security update for the gateway', // 1
    'sec notes', // 2
    'unrelated text about clouds', // 3
    'gateway', // 4
    'sed and second', // 5
  ];
  const index = buildTermIndex(texts);
  const lengths = texts.map((text) => toSearchTerms(text).length);
  const average = lengths.reduce((a, b) => a + b, 0) / lengths.length;

  it('scores an exact term with BM25 over the term frequency and the document length', () => {
    const got = scores(index, 'gateway');
    const expected = [0, 0, 0, 0, 0, 0];
    for (const document of [0, 1, 4])
      expected[document] = bm25(1, 3, 6, lengths[document]!, average);
    got.forEach((score, document) => expect(score).toBeCloseTo(expected[document]!, 12));
    // The same frequency in a shorter document scores higher.
    expect(got[4]).toBeGreaterThan(got[0]!);
    expect(got[0]).toBeGreaterThan(got[1]!);
  });

  it('a higher term frequency scores higher', () => {
    const got = scores(index, 'secure');
    expect(got[1]).toBeCloseTo(bm25(2, 2, 6, lengths[1]!, average), 12);
    expect(got[0]).toBeCloseTo(bm25(1, 2, 6, lengths[0]!, average), 12);
    expect(got.map((score) => score > 0)).toEqual([true, true, false, false, false, false]);
  });

  it('a term in every document still scores above 0', () => {
    const everywhere = buildTermIndex(['the a', 'the b', 'the']);
    for (const score of scores(everywhere, 'the')) expect(score).toBeGreaterThan(0);
  });

  it('an unknown term leaves every score as it was', () => {
    expect(scores(index, 'nothing')).toEqual([0, 0, 0, 0, 0, 0]);
    expect(scores(index, 'nothing', { prefix: true })).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('multiplies by the boost and adds to what `into` already holds', () => {
    const once = scores(index, 'gateway');
    const boosted = scores(index, 'gateway', { boost: 2.5 });
    boosted.forEach((score, document) => expect(score).toBeCloseTo(once[document]! * 2.5, 12));
    const into = new Float64Array(index.documentCount).fill(1);
    addTermScoresTo(into, index, 'gateway', { prefix: false, boost: 1 });
    addTermScoresTo(into, index, 'secure', { prefix: false, boost: 1 });
    const secure = scores(index, 'secure');
    into.forEach((score, document) =>
      expect(score).toBeCloseTo(1 + once[document]! + secure[document]!, 12),
    );
  });

  it('without prefix, a term matches only itself', () => {
    expect(scores(index, 'sec').map((score) => score > 0)).toEqual([
      false,
      false,
      true,
      false,
      false,
      false,
    ]);
    expect(scores(index, 'secur')).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('with prefix, longer terms match too, weighted 0.375 × query length / term length', () => {
    const exact = scores(index, 'sec');
    const prefixed = scores(index, 'sec', { prefix: true });
    // sec (exact, weight 1) in 2; secure (2 docs), security and second (1 doc each) by prefix.
    const secure = scores(index, 'secure');
    const security = scores(index, 'security');
    const second = scores(index, 'second');
    prefixed.forEach((score, document) =>
      expect(score).toBeCloseTo(
        exact[document]! +
          ((0.375 * 3) / 6) * secure[document]! +
          ((0.375 * 3) / 8) * security[document]! +
          ((0.375 * 3) / 6) * second[document]!,
        12,
      ),
    );
    // Terms that merely contain the prefix, or sort next to it, do not match.
    expect(prefixed[3]).toBe(0);
    expect(scores(index, 'cure', { prefix: true })).toEqual([0, 0, 0, 0, 0, 0]);
    expect(scores(index, 'sed', { prefix: true }).map((score) => score > 0)).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it('a prefix that is itself a term counts that term once, at full weight', () => {
    const small = buildTermIndex(['sec', 'secs']);
    const got = scores(small, 'sec', { prefix: true });
    expect(got[0]).toBeCloseTo(scores(small, 'sec')[0]!, 12);
    expect(got[1]).toBeCloseTo(((0.375 * 3) / 4) * scores(small, 'secs')[1]!, 12);
  });

  it('a prefix that sorts after every term, or the empty prefix, matches nothing', () => {
    expect(scores(index, 'zzz', { prefix: true })).toEqual([0, 0, 0, 0, 0, 0]);
    // Every term starts with '', but with weight 0 × … nothing scores above 0.
    for (const score of scores(index, '', { prefix: true })) expect(score).toBe(0);
  });

  it('takes query terms as given: callers lower-case them with toSearchTerms', () => {
    expect(scores(index, 'Gateway')).toEqual([0, 0, 0, 0, 0, 0]);
    const [term] = toSearchTerms('Gateway');
    expect(scores(index, term!)).toEqual(scores(index, 'gateway'));
  });
});
