import { describe, expect, it } from 'vitest';
import { buildJsonFeed, JSON_FEED_PAGE_SIZE } from '@/lib/briefs/export/json-feed';
import { withFacetValue } from '@/lib/briefs/filter/edit';
import { emptyFilter } from '@/lib/briefs/filter/url';
import { makeBrief } from '@/test/support/test-briefs';

const filter = withFacetValue(
  withFacetValue(emptyFilter(), 'vendor', 'Microsoft'),
  'severity',
  'high',
);
const bodies = new Map<string, string>();
/** A test brief whose body the builders read through `contentHtmlOf`, as from the body store. */
function stored<B extends { slug: string; contentHtml: string }>(brief: B): B {
  bodies.set(brief.slug, brief.contentHtml);
  return brief;
}

const options = {
  filter,
  origin: 'http://dash.test',
  total: 2,
  source: 'CraftedSignal threat feed, live',
  // The body store's part: each test brief's own HTML, looked up by slug.
  contentHtmlOf: (slug: string) => bodies.get(slug) ?? '',
  extrasOf: (slug: string) =>
    slug === 'exchange-rce'
      ? {
          indicators: [{ type: 'domain', value: 'c2.example.net' }],
          indicatorsOmitted: 2,
          references: ['https://advisories.example.org/a', 'CVE-2024-0001'],
        }
      : undefined,
};

describe('buildJsonFeed', () => {
  const full = stored(
    makeBrief({
      slug: 'exchange-rce',
      title: 'Exchange RCE',
      summary: 'An RCE.',
      contentHtml: '<p>Sanitised</p>',
      date: '2024-05-02T00:00:00Z',
      modified: '2024-05-03T00:00:00Z',
      url: 'https://feed.craftedsignal.io/briefs/exchange-rce/',
      type: 'threat',
      severity: 'high',
      severities: ['high', 'medium'],
      vendors: ['Microsoft'],
      affected: [
        { name: 'Exchange Server', version: '< 15.2' },
        { name: 'Outlook', version: null },
      ],
      actors: ['APT0'],
      tags: ['initial_access'],
      exploited: true,
      hasPoc: true,
      pocReferences: ['https://example.test/poc'],
      cpes: ['cpe:2.3:a:microsoft:exchange_server:*'],
      cves: [{ id: 'CVE-2024-0001', cvss: 9.8 }, 'CVE-2024-0002'],
      techniques: ['T1190'],
      confidence: 80,
    }),
  );
  const bare = stored(makeBrief({ slug: 'bare', title: 'Bare', date: '2024-05-01T00:00:00Z' }));
  const feed = buildJsonFeed([full, bare], options);

  it('is a JSON Feed 1.1 naming the filter, its list and itself', () => {
    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'CraftedSignal briefs: Severity: high; Vendor: Microsoft',
      home_page_url: 'http://dash.test/?severity=high&vendor=Microsoft',
      feed_url: 'http://dash.test/feed.json?severity=high&vendor=Microsoft',
    });
    expect(feed.description).toContain('2 matching briefs');
  });

  it('writes every fact of a brief, upstream-style', () => {
    expect(feed.items[0]).toEqual({
      id: 'https://feed.craftedsignal.io/briefs/exchange-rce/',
      url: 'http://dash.test/briefs/exchange-rce',
      external_url: 'https://feed.craftedsignal.io/briefs/exchange-rce/',
      title: 'Exchange RCE',
      summary: 'An RCE.',
      content_html: '<p>Sanitised</p>',
      date_published: '2024-05-02T00:00:00Z',
      date_modified: '2024-05-03T00:00:00Z',
      tags: ['initial_access'],
      _cs_type: 'threat',
      _cs_severities: ['high', 'medium'],
      _cs_products: ['Exchange Server (< 15.2)', 'Outlook'],
      _cs_vendors: ['Microsoft'],
      _cs_actors: ['APT0'],
      _cs_tags: ['initial_access'],
      _cs_exploited: true,
      _cs_has_poc: true,
      _cs_poc_references: ['https://example.test/poc'],
      _cs_cpes: ['cpe:2.3:a:microsoft:exchange_server:*'],
      _cs_cves: [{ id: 'CVE-2024-0001', cvss: 9.8 }, { id: 'CVE-2024-0002' }],
      _cs_techniques: ['T1190'],
      _cs_indicators: [{ type: 'domain', value: 'c2.example.net' }],
      _cs_indicators_omitted: 2,
      _cs_references: ['https://advisories.example.org/a', 'CVE-2024-0001'],
      _cs_confidence: 80,
    });
  });

  it('leaves out what a brief does not have; the slug stands in for a missing URL', () => {
    const item = feed.items[1]!;
    expect(item.id).toBe('bare');
    expect(item.url).toBe('http://dash.test/briefs/bare');
    for (const key of ['external_url', 'date_modified', '_cs_type', '_cs_exploited']) {
      expect(item, key).not.toHaveProperty(key);
    }
  });

  it(`pages by ${JSON_FEED_PAGE_SIZE}, newest first, with next_url until the last page`, () => {
    const many = Array.from({ length: 2 * JSON_FEED_PAGE_SIZE + 3 }, (_, i) =>
      stored(makeBrief({ slug: `b${i}` })),
    );
    const first = buildJsonFeed(many, { ...options, total: many.length });
    expect(first.items).toHaveLength(JSON_FEED_PAGE_SIZE);
    expect(first.items[0]!.id).toBe('b0');
    expect(first.next_url).toBe('http://dash.test/feed.json?severity=high&vendor=Microsoft&page=2');
    expect(first.description).toContain(`${many.length} matching briefs; page 1 of 3`);
    const last = buildJsonFeed(many, { ...options, total: many.length, page: 3 });
    expect(last.items.map((item) => item.id)).toEqual(['b200', 'b201', 'b202']);
    expect(last).not.toHaveProperty('next_url');
    expect(last.feed_url).toBe(first.feed_url);
  });

  it('names an unfiltered view', () => {
    const all = buildJsonFeed([], { ...options, filter: emptyFilter(), total: 0 });
    expect(all).toMatchObject({
      title: 'CraftedSignal briefs: all briefs',
      home_page_url: 'http://dash.test/',
      items: [],
    });
    expect(all.feed_url).toBe('http://dash.test/feed.json');
  });
});
