import { describe, expect, it } from 'vitest';
import {
  buildBriefIndex,
  findFacetPositions,
  findFacetValueIds,
  type BriefIndex,
} from '@/lib/briefs/search/brief-index';
import { makeBrief } from '@/test/support/test-briefs';

const slugsAt = (index: BriefIndex, positions: ArrayLike<number> | undefined) =>
  Array.from(positions ?? [], (position) => index.briefs[position]!.slug);

describe('buildBriefIndex', () => {
  const index = buildBriefIndex([
    makeBrief({ slug: 'b-old', date: '2023-05-01T00:00:00Z', severity: 'critical' }),
    makeBrief({ slug: 'c-new', date: '2024-06-01T10:00:00Z', severity: 'low' }),
    makeBrief({ slug: 'a-new', date: '2024-06-01T10:00:00Z', severity: null }),
    makeBrief({ slug: 'bad-date', date: 'not a date', severity: 'critical' }),
    makeBrief({ slug: 'mid', date: '2024-01-01', severity: 'critical' }),
  ]);

  it('orders briefs newest first, equal dates by slug, unparseable dates last', () => {
    expect(index.briefs.map((brief) => brief.slug)).toEqual([
      'a-new',
      'c-new',
      'mid',
      'b-old',
      'bad-date',
    ]);
    expect(index.dates[0]).toBe(Date.parse('2024-06-01T10:00:00Z'));
    expect(index.dates[4]).toBe(-Infinity);
  });

  it('precomputes the oldest and severity orders', () => {
    expect(slugsAt(index, index.orders.oldest)).toEqual([
      'bad-date',
      'b-old',
      'mid',
      'a-new',
      'c-new',
    ]);
    // Critical first, newest within; no severity last.
    expect(slugsAt(index, index.orders.severity)).toEqual([
      'mid',
      'b-old',
      'bad-date',
      'c-new',
      'a-new',
    ]);
  });

  it('finds briefs by slug', () => {
    expect(index.getBySlug('mid')?.date).toBe('2024-01-01');
    expect(index.getBySlug('nope')).toBeUndefined();
  });

  it('builds frozen summaries without body fields', () => {
    const summary = index.summaries[0]!;
    expect(Object.isFrozen(summary)).toBe(true);
    expect(Object.isFrozen(summary.tags)).toBe(true);
    expect(summary).not.toHaveProperty('text');
    expect(summary).not.toHaveProperty('contentHtml');
    expect(Object.keys(summary).sort()).toEqual(
      [
        'slug',
        'title',
        'summary',
        'date',
        'modified',
        'type',
        'severity',
        'vendors',
        'products',
        'actors',
        'tags',
        'exploited',
        'hasPoc',
        'cves',
        'techniques',
      ].sort(),
    );
  });
});

describe('facet keys', () => {
  const index = buildBriefIndex([
    makeBrief({
      slug: 'p1',
      date: '2024-03-01',
      vendors: ['Amazon'],
      products: ['Splunk Enterprise'],
    }),
    makeBrief({ slug: 'p2', date: '2024-02-01', vendors: ['amazon', 'Amazon'], products: ['S3'] }),
    makeBrief({ slug: 'p3', date: '2024-01-01', vendors: ['Amazon '], products: ['C++', 'C#'] }),
    makeBrief({ slug: 'p4', date: '2023-12-01', products: ['splunk enterprise', 'C'] }),
  ]);
  const vendor = index.facets.vendor;
  const product = index.facets.product;

  it('matches the lower-cased value and the slug form', () => {
    for (const value of ['amazon', 'Amazon', 'AMAZON', ' amazon ']) {
      expect(slugsAt(index, findFacetPositions(vendor, value))).toEqual(['p1', 'p2', 'p3']);
    }
    for (const value of ['splunk-enterprise', 'Splunk Enterprise', 'SPLUNK  ENTERPRISE']) {
      expect(slugsAt(index, findFacetPositions(product, value))).toEqual(['p1', 'p4']);
    }
    expect(findFacetPositions(product, 'splunk')).toBeUndefined();
  });

  it('prefers the exact lower-cased value over a slug collision', () => {
    expect(slugsAt(index, findFacetPositions(product, 'C++'))).toEqual(['p3']);
    expect(slugsAt(index, findFacetPositions(product, 'c'))).toEqual(['p4']);
  });

  it('shows each value in its most common spelling and counts a brief once', () => {
    expect(vendor.values).toEqual(['Amazon']);
    const id = findFacetValueIds(vendor, 'amazon')[0]!;
    const perBrief = Array.from({ length: index.size }, (_, p) =>
      Array.from(vendor.valueIds.subarray(vendor.offsets[p], vendor.offsets[p + 1])),
    );
    expect(perBrief).toEqual([[id], [id], [id], []]);
    expect(Array.from(product.valueIdsInOrder, (i) => product.values[i])).toEqual([
      'C',
      'C#',
      'C++',
      'S3',
      'Splunk Enterprise',
    ]);
  });

  it('matches a parent technique to its sub-techniques, values stay exact', () => {
    const techniques = buildBriefIndex([
      makeBrief({ slug: 't1', date: '2024-03-01', techniques: ['T1059.001'] }),
      makeBrief({ slug: 't2', date: '2024-02-01', techniques: ['T1059', 'T1059.003'] }),
      makeBrief({ slug: 't3', date: '2024-01-01', techniques: ['T1190'] }),
    ]);
    const technique = techniques.facets.technique;
    expect(slugsAt(techniques, findFacetPositions(technique, 'T1059'))).toEqual(['t1', 't2']);
    expect(slugsAt(techniques, findFacetPositions(technique, 't1059.001'))).toEqual(['t1']);
    expect([...technique.values].sort()).toEqual(['T1059', 'T1059.001', 'T1059.003', 'T1190']);
    expect(findFacetValueIds(technique, 'T1059.002')).toEqual([]);
  });
});

describe('the text index of an index', () => {
  it('is built on its first read, once: serving the briefs does not wait for it', () => {
    const briefs = [makeBrief({ slug: 'one' }), makeBrief({ slug: 'two' })];
    const read: string[] = [];
    const index = buildBriefIndex(briefs, (brief) => {
      read.push(brief.slug);
      return `body of ${brief.slug} mentions kerberoasting`;
    });
    expect(index.size).toBe(2);
    expect(read).toEqual([]);
    expect(index.text.body.documentCount).toBe(2);
    expect(index.text.body.termIds.has('kerberoasting')).toBe(true);
    expect(index.text).toBe(index.text);
    expect(read.sort()).toEqual(['one', 'two']);
  });
});

describe('prepareText', () => {
  const briefs = Array.from({ length: 1_600 }, (_, i) =>
    makeBrief({ slug: `s-${i}`, title: `Title ${i % 7} beacon`, summary: `summary ${i % 13}` }),
  );
  const textOf = (brief: { slug: string }) => `body of ${brief.slug} lateral movement`;

  it('builds the same text index as a read does, giving the event loop turns between steps', async () => {
    const read = buildBriefIndex(briefs, textOf).text;
    const index = buildBriefIndex(briefs, textOf);
    let turns = 0;
    let done = false;
    const count = () => {
      turns++;
      if (!done) setImmediate(count);
    };
    setImmediate(count);
    await index.prepareText();
    done = true;
    expect(turns).toBeGreaterThan(2);
    expect(index.text.body).toEqual(read.body);
    expect(index.text.summary).toEqual(read.summary);
    expect(index.text.titles.search('beacon').length).toBe(read.titles.search('beacon').length);
  });

  it('is finished at once by a read of the text index while it runs', async () => {
    const index = buildBriefIndex(briefs, textOf);
    const preparing = index.prepareText();
    expect(index.text.body.documentCount).toBe(briefs.length);
    await preparing;
    expect(index.text.body.termIds.has('lateral')).toBe(true);
  });
});
