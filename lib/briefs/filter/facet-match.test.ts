import { describe, expect, it } from 'vitest';
import { buildBriefIndex } from '@/lib/briefs/search/brief-index';
import { parseViewFilter } from '@/lib/briefs/filter/url';
import { queryBriefs } from '@/lib/briefs/search/query';
import { makeBrief } from '@/test/support/test-briefs';
import { toFilterForms, unionSorted } from './facet-match';

// A filter value matches a brief's value when it equals it, its lower case, or its upstream slug;
// a product also by the name before its version in parentheses, and by the full name with it.

const index = buildBriefIndex([
  makeBrief({ slug: 'spaced', tags: ['defense evasion'], products: ['IBM MQ for HPE NonStop'] }),
  makeBrief({ slug: 'hyphened', tags: ['defense-evasion'], products: ['Splunk Enterprise'] }),
  makeBrief({ slug: 'cased', tags: ['Defense Evasion'], products: ['Exchange (Server)'] }),
  makeBrief({ slug: 'other', tags: ['persistence'], products: ['FortiOS'] }),
]);

const slugsFor = (query: string) => {
  const parsed = parseViewFilter(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return queryBriefs(index, parsed.filter)
    .items.map((b) => b.slug)
    .sort();
};

describe('filter values', () => {
  it('the slug form finds every spelling, the hyphenated one included', () => {
    expect(slugsFor('tag=defense-evasion')).toEqual(['cased', 'hyphened', 'spaced']);
  });

  it('the value as shown and its lower case find their own spelling', () => {
    expect(slugsFor('tag=defense%20evasion')).toEqual(['cased', 'spaced']);
    expect(slugsFor('tag=Defense%20Evasion')).toEqual(['cased', 'spaced']);
    expect(slugsFor('tag=persistence')).toEqual(['other']);
  });

  it('a product by its name, its slug, or its name with the version in parentheses', () => {
    const full = encodeURIComponent('IBM MQ for HPE NonStop (8.1.0 through 8.1.0.40)');
    expect(slugsFor(`product=${full}`)).toEqual(['spaced']);
    expect(slugsFor('product=IBM%20MQ%20for%20HPE%20NonStop')).toEqual(['spaced']);
    expect(slugsFor('product=ibm-mq-for-hpe-nonstop')).toEqual(['spaced']);
    expect(slugsFor('product=splunk-enterprise')).toEqual(['hyphened']);
    // A name that has parentheses of its own is found by its full name too.
    expect(slugsFor(`product=${encodeURIComponent('Exchange (Server)')}`)).toEqual(['cased']);
    expect(slugsFor('product=FortiGate')).toEqual([]);
  });
});

describe('toFilterForms and unionSorted', () => {
  it('adds a product name without its version, and only for products', () => {
    expect(toFilterForms('product', 'IBM MQ (9.3)')).toEqual(['IBM MQ (9.3)', 'IBM MQ']);
    expect(toFilterForms('product', 'IBM MQ')).toEqual(['IBM MQ']);
    expect(toFilterForms('tag', 'x (y)')).toEqual(['x (y)']);
  });

  it('merges sorted lists once each', () => {
    expect([...unionSorted([Uint32Array.of(1, 4, 9), Uint32Array.of(2, 4, 10)])!]).toEqual([
      1, 2, 4, 9, 10,
    ]);
    expect(unionSorted([undefined, undefined])).toBeUndefined();
  });
});
