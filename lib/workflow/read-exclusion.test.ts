import { describe, expect, it } from 'vitest';
import { buildBriefIndex } from '@/lib/briefs/search/brief-index';
import { emptyFilter } from '@/lib/briefs/filter/url';
import { queryBriefs } from '@/lib/briefs/search/query';
import { makeBrief } from '@/test/support/test-briefs';
import {
  MAX_EXCLUDED,
  parseExcludeParam,
  SLUG_HASH_LENGTH,
  toExcludeParam,
  toSlugHash,
} from './read-exclusion';

const briefs = Array.from({ length: 120 }, (_, i) =>
  makeBrief({
    slug: `b${String(i).padStart(3, '0')}`,
    date: `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`,
    severity: i % 2 ? 'high' : 'low',
  }),
);
const index = buildBriefIndex(briefs);

describe('Hide read as a list filter', () => {
  it('leaves the read briefs out of the count, the pages and the facet counts', () => {
    const read = ['b000', 'b001', 'b050'];
    const excluded = parseExcludeParam([toExcludeParam(read)]);
    if (!excluded.ok) throw new Error(excluded.message);
    const filter = { ...emptyFilter(), pageSize: 50 };
    const all = queryBriefs(index, filter);
    const shown = queryBriefs(index, filter, undefined, excluded.hashes);
    expect(shown.total).toBe(all.total - 3);
    const pages = [1, 2, 3].flatMap(
      (page) => queryBriefs(index, { ...filter, page }, undefined, excluded.hashes).items,
    );
    expect(pages.map((b) => b.slug).sort()).toEqual(
      briefs
        .map((b) => b.slug)
        .filter((s) => !read.includes(s))
        .sort(),
    );
    const severity = Object.fromEntries(shown.facets.severity.map((f) => [f.value, f.count]));
    expect(severity).toEqual({ high: 59, low: 58 });
    // The unfiltered answer is not the cached filtered one.
    expect(queryBriefs(index, filter).total).toBe(120);
  });

  it('sends the newest read slugs that fit, as fixed-size hashes, and refuses a bad value naming exclude', () => {
    expect(toSlugHash('b001')).toMatch(new RegExp(`^[A-Za-z0-9_-]{${SLUG_HASH_LENGTH}}$`));
    expect(toSlugHash('b001')).not.toBe(toSlugHash('b002'));
    const many = Array.from({ length: 5000 }, (_, i) => `read-${i}`);
    const param = toExcludeParam(many);
    expect(param.length).toBe(MAX_EXCLUDED * SLUG_HASH_LENGTH);
    const parsed = parseExcludeParam([param]);
    expect(parsed.ok && parsed.hashes.has(toSlugHash('read-4999'))).toBe(true);
    expect(parsed.ok && parsed.hashes.has(toSlugHash('read-0'))).toBe(false);
    for (const bad of [['abc'], ['a'.repeat(6), 'b'.repeat(6)], ['!!!!!!']])
      expect(parseExcludeParam(bad)).toMatchObject({ ok: false, parameter: 'exclude' });
  });

  it('hashes the slugs of a large feed without collisions', () => {
    const hashes = new Set(
      Array.from({ length: 20_000 }, (_, i) => toSlugHash(`2026-11-brief-${i}`)),
    );
    expect(hashes.size).toBe(20_000);
  });
});
