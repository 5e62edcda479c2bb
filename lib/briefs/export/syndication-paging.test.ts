import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildAtomFeed, buildRssFeed } from '@/lib/briefs/export/syndication';
import { emptyFilter } from '@/lib/briefs/filter/url';
import { withFacetValue } from '@/lib/briefs/filter/edit';
import { makeBrief } from '@/test/support/test-briefs';
import {
  parseSyndicationLimit,
  SYNDICATION_MAX_LIMIT,
  toFeedPageLinks,
} from './syndication-paging';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
const briefs = Array.from({ length: 250 }, (_, i) => makeBrief({ slug: `b${i}` }));
const filter = withFacetValue(emptyFilter(), 'severity', 'high');
const base = {
  filter,
  origin: 'http://dash.test',
  total: briefs.length,
  source: 'test',
  updated: new Date('2026-09-10T00:00:00Z'),
  contentHtmlOf: () => '',
};

type Link = { '@rel': string; '@href': string };
const asList = <T>(v: T | T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

describe('paged RSS and Atom', () => {
  it.each([
    ['rss', buildRssFeed],
    ['atom', buildAtomFeed],
  ] as const)('%s: following next from page 1 reaches every brief once', (kind, build) => {
    const seen: string[] = [];
    let page = 1;
    for (let guard = 0; guard < 10; guard++) {
      const doc = parser.parse(build(briefs, { ...base, page, limit: 60 }));
      const entries = kind === 'rss' ? asList(doc.rss.channel.item) : asList(doc.feed.entry);
      seen.push(...entries.map((e: { link: unknown }) => JSON.stringify(e.link)));
      const links: Link[] = asList(kind === 'rss' ? doc.rss.channel['atom:link'] : doc.feed.link);
      const next = links.find((l) => l['@rel'] === 'next');
      if (!next) break;
      const url = new URL(next['@href']);
      expect(url.searchParams.get('severity')).toBe('high');
      expect(url.searchParams.get('limit')).toBe('60');
      page = Number(url.searchParams.get('page'));
    }
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
  });

  it('links first, previous, next and last, keeping the filter', () => {
    const links = toFeedPageLinks('http://d.test', '/feed.atom', filter, {
      page: 2,
      limit: 100,
      total: 250,
    });
    expect(links).toEqual({
      self: 'http://d.test/feed.atom?severity=high&page=2',
      first: 'http://d.test/feed.atom?severity=high',
      last: 'http://d.test/feed.atom?severity=high&page=3',
      previous: 'http://d.test/feed.atom?severity=high',
      next: 'http://d.test/feed.atom?severity=high&page=3',
    });
  });

  it('takes a limit up to the cap and names it when it is wrong', () => {
    const limit = (qs: string) => parseSyndicationLimit(new URLSearchParams(qs));
    expect(limit('')).toEqual({ ok: true, limit: 100 });
    expect(limit(`limit=${SYNDICATION_MAX_LIMIT}`)).toEqual({ ok: true, limit: 500 });
    for (const bad of ['limit=0', 'limit=501', 'limit=x', 'limit=1&limit=2'])
      expect(limit(bad)).toMatchObject({ ok: false, error: { parameter: 'limit' } });
  });
});
