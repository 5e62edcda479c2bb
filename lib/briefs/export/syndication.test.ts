import { extractFromXml } from '@extractus/feed-extractor';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  buildAtomFeed,
  buildRssFeed,
  SYNDICATION_LIMIT,
  toXmlText,
} from '@/lib/briefs/export/syndication';
import { emptyFilter } from '@/lib/briefs/filter/url';
import { withFacetValue } from '@/lib/briefs/filter/edit';
import { makeBrief } from '@/test/support/test-briefs';

const HOSTILE = 'Evil ]]> <script>alert(1)</script> & "q" ]]> <b>bold</b>\u0001 end';

const bodies = new Map<string, string>();
/** A test brief whose body the builders read through `contentHtmlOf`, as from the body store. */
function stored<B extends { slug: string; contentHtml: string }>(brief: B): B {
  bodies.set(brief.slug, brief.contentHtml);
  return brief;
}

const options = {
  filter: withFacetValue(emptyFilter(), 'severity', 'high'),
  origin: 'http://dash.test',
  total: 2,
  source: 'CraftedSignal threat feed, live',
  // The body store's part: each test brief's own HTML, looked up by slug.
  contentHtmlOf: (slug: string) => bodies.get(slug) ?? '',
  updated: new Date('2026-09-10T00:00:00Z'),
};

const briefs = [
  stored(
    makeBrief({
      slug: 'hostile',
      title: HOSTILE,
      summary: `Summary ${HOSTILE}`,
      contentHtml: '<p>Body ]]&gt; text</p>',
      date: '2026-09-02T09:00:00Z',
      url: 'https://feed.craftedsignal.io/briefs/hostile/',
      severity: 'high',
      type: 'threat',
      tags: ['a<b"&c', 'rce'],
    }),
  ),
  stored(
    makeBrief({ slug: 'plain', title: 'Plain', date: '2026-09-01T09:00:00Z', severity: 'high' }),
  ),
];

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

describe.each([
  ['RSS', buildRssFeed],
  ['Atom', buildAtomFeed],
])('%s', (_name, build) => {
  const xml = build(briefs, options);

  it('is well-formed XML whatever the titles hold', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('reads back with a feed parser: titles as text, dashboard link first, newest first', () => {
    const feed = extractFromXml(xml, { normalization: true, descriptionMaxLen: 0 });
    expect(feed.entries?.map((e) => e.title)).toEqual([toXmlText(HOSTILE), 'Plain']);
    expect(feed.entries?.map((e) => e.link)).toEqual([
      'http://dash.test/briefs/hostile',
      'http://dash.test/briefs/plain',
    ]);
  });

  it('is the same bytes for the same data', () => {
    expect(build(briefs, options)).toBe(xml);
  });

  it(`stops at the ${SYNDICATION_LIMIT} newest`, () => {
    const many = Array.from({ length: SYNDICATION_LIMIT + 5 }, (_, i) =>
      stored(makeBrief({ slug: `m${i}` })),
    );
    const parsed = extractFromXml(build(many, { ...options, total: many.length }));
    expect(parsed.entries).toHaveLength(SYNDICATION_LIMIT);
  });
});

describe('links and categories', () => {
  it('RSS: guid, the original as atom:link related, categories with their facet', () => {
    const rss = parser.parse(buildRssFeed(briefs, options)) as {
      rss: { channel: { item: Record<string, unknown>[] } };
    };
    const item = rss.rss.channel.item[0]!;
    expect(item['atom:link']).toMatchObject({
      '@href': 'https://feed.craftedsignal.io/briefs/hostile/',
      '@rel': 'related',
    });
    const categories = (item.category as { '#text': string; '@domain': string }[]).map((c) => [
      c['@domain'],
      c['#text'],
    ]);
    expect(categories).toEqual([
      ['http://dash.test/?severity=', 'high'],
      ['http://dash.test/?type=', 'threat'],
      ['http://dash.test/?tag=', 'a<b"&c'],
      ['http://dash.test/?tag=', 'rce'],
    ]);
  });

  it('Atom: alternate (dashboard) and related (original) links, categories with schemes', () => {
    const atom = parser.parse(buildAtomFeed(briefs, options)) as {
      feed: { entry: Record<string, unknown>[] };
    };
    const entry = atom.feed.entry[0]!;
    expect((entry.link as Record<string, string>[]).map((l) => [l['@rel'], l['@href']])).toEqual([
      ['alternate', 'http://dash.test/briefs/hostile'],
      ['related', 'https://feed.craftedsignal.io/briefs/hostile/'],
    ]);
    expect((entry.category as Record<string, string>[]).map((c) => c['@term'])).toEqual([
      'high',
      'threat',
      'a<b"&c',
      'rce',
    ]);
  });
});
