import { describe, expect, it } from 'vitest';
import { buildBriefIndex } from '@/lib/briefs/search/brief-index';
import { queryBriefs } from '@/lib/briefs/search/query';
import { emptyFilter, parseBriefFilter } from '@/lib/briefs/filter/url';
import { toIndexedBrief } from '@/lib/briefs/types';
import { makeBrief } from '@/test/support/test-briefs';
import { NO_SIGNALS, type CveSignal, type CveSignals } from './types';

const kev = {
  dateAdded: '2024-04-12',
  dueDate: null,
  requiredAction: '',
  ransomware: 'unknown' as const,
  vulnerabilityName: '',
};
const signalsOf = (version: number, entries: [string, CveSignal][]): CveSignals => ({
  version,
  byCve: new Map(entries),
  epssScoreDate: '2026-11-30',
  epssModel: null,
  kevCatalogVersion: null,
});

const index = buildBriefIndex(
  [
    makeBrief({
      slug: 'a',
      date: '2026-01-05T00:00:00Z',
      cves: ['CVE-2024-0001', 'CVE-2024-0002'],
    }),
    makeBrief({ slug: 'b', date: '2026-01-04T00:00:00Z', cves: ['CVE-2024-0002'] }),
    makeBrief({ slug: 'c', date: '2026-01-03T00:00:00Z', cves: ['CVE-2024-0003'] }),
    makeBrief({ slug: 'd', date: '2026-01-02T00:00:00Z' }),
  ].map(toIndexedBrief),
);
const filter = (query: string) => {
  const parsed = parseBriefFilter(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.filter;
};
const slugs = (query: string, signals: CveSignals) =>
  queryBriefs(index, filter(query), signals).items.map((i) => i.slug);

describe('the join of briefs and CVE signals', () => {
  const day1 = signalsOf(1, [
    ['CVE-2024-0001', { kev, epss: { epss: 0.1, percentile: 0.9 } }],
    ['CVE-2024-0002', { kev: null, epss: { epss: 0.3, percentile: 0.95 } }],
    ['CVE-2024-0003', { kev: null, epss: { epss: 0.05, percentile: 0.7 } }],
  ]);

  it('filters on the highest EPSS (inclusive) and KEV, and sorts by EPSS', () => {
    expect(slugs('epss_min=0.3', day1)).toEqual(['a', 'b']);
    expect(slugs('epss_min=0.05', day1)).toEqual(['a', 'b', 'c']);
    expect(slugs('kev=true', day1)).toEqual(['a']);
    expect(slugs('sort=epss', day1)).toEqual(['a', 'b', 'c', 'd']);
    expect(queryBriefs(index, emptyFilter(), day1).items[0]?.signals).toEqual({
      kev: true,
      maxEpss: 0.3,
    });
  });

  it('answers a new EPSS day from the same index, without re-ingesting briefs', () => {
    const day2 = signalsOf(2, [['CVE-2024-0003', { kev, epss: { epss: 0.8, percentile: 0.99 } }]]);
    expect(slugs('sort=epss', day2)).toEqual(['c', 'a', 'b', 'd']);
    expect(slugs('kev=true', day2)).toEqual(['c']);
    // The earlier day's answers were cached under its own version.
    expect(slugs('kev=true', day1)).toEqual(['a']);
  });

  it('adds nothing when no signal upstream is on', () => {
    const result = queryBriefs(index, emptyFilter(), NO_SIGNALS);
    expect(result.items.every((i) => !('signals' in i))).toBe(true);
    expect(result.facets.kev).toEqual([]);
    expect(result.facets.epss).toEqual([]);
  });
});
