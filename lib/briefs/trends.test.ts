import { describe, expect, it } from 'vitest';
import { buildBriefIndex } from '@/lib/briefs/search/brief-index';
import { withFacetValue } from '@/lib/briefs/filter/edit';
import { emptyFilter } from '@/lib/briefs/filter/url';
import { selectBriefs } from '@/lib/briefs/select';
import { toIndexSource } from '@/test/support/index-source';
import { makeBrief } from '@/test/support/test-briefs';
import { UNKNOWN_DATE } from '@/lib/briefs/types';
import {
  buildTrends,
  countValues,
  toIsoWeek,
  toWeeklySeries,
  toWeekStart,
} from '@/lib/briefs/trends';

const week = (iso: string) => toIsoWeek(toWeekStart(Date.parse(iso)));

describe('ISO weeks', () => {
  it('starts weeks on Monday, UTC', () => {
    expect(new Date(toWeekStart(Date.parse('2024-01-31T23:59:00Z'))).toISOString()).toBe(
      '2024-01-29T00:00:00.000Z',
    );
    expect(new Date(toWeekStart(Date.parse('2024-01-29T00:00:00Z'))).toISOString()).toBe(
      '2024-01-29T00:00:00.000Z',
    );
    expect(new Date(toWeekStart(Date.parse('2024-02-04T12:00:00Z'))).toISOString()).toBe(
      '2024-01-29T00:00:00.000Z',
    );
  });

  it('numbers weeks by the year of their Thursday', () => {
    expect(week('2024-01-01T00:00:00Z')).toBe('2024-W01');
    expect(week('2021-01-03T00:00:00Z')).toBe('2020-W53');
    expect(week('2019-12-30T00:00:00Z')).toBe('2020-W01');
    expect(week('2026-12-31T00:00:00Z')).toBe('2026-W53');
    expect(week('2027-01-04T00:00:00Z')).toBe('2027-W01');
  });
});

describe('toWeeklySeries', () => {
  it('stacks briefs by severity over continuous weeks', () => {
    const briefs = [
      makeBrief({ date: '2024-03-04T10:00:00Z', severity: 'critical' }),
      makeBrief({ date: '2024-03-05T10:00:00Z', severity: 'high' }),
      makeBrief({ date: '2024-03-10T23:00:00Z', severity: 'critical' }),
      makeBrief({ date: '2024-03-25T10:00:00Z' }),
      makeBrief({ date: 'not a date' }),
    ];
    const series = toWeeklySeries(briefs);
    expect(series.weeks.map((w) => [w.week, w.start, w.total])).toEqual([
      ['2024-W10', '2024-03-04', 3],
      ['2024-W11', '2024-03-11', 0],
      ['2024-W12', '2024-03-18', 0],
      ['2024-W13', '2024-03-25', 1],
    ]);
    expect(series.weeks[0]!.counts).toMatchObject({ critical: 2, high: 1, medium: 0, unrated: 0 });
    expect(series.weeks[3]!.counts.unrated).toBe(1);
    expect(series).toMatchObject({ inWeeks: 4, beforeWeeks: 0, undated: 1 });
    expect(series.severityTotals).toMatchObject({ critical: 2, high: 1, unrated: 1 });
  });

  it('counts a brief that normalisation dated UNKNOWN_DATE as undated, not as old', () => {
    const series = toWeeklySeries([
      makeBrief({ date: '2024-03-04T10:00:00Z' }),
      makeBrief({ date: UNKNOWN_DATE }),
    ]);
    expect(series).toMatchObject({ inWeeks: 1, beforeWeeks: 0, undated: 1 });
  });

  it('keeps the last weeks with data and counts the older briefs apart', () => {
    const briefs = Array.from({ length: 60 }, (_, i) =>
      makeBrief({ date: new Date(Date.UTC(2024, 0, 1) + i * 7 * 86_400_000).toISOString() }),
    );
    const series = toWeeklySeries(briefs, { maxWeeks: 52 });
    expect(series.weeks).toHaveLength(52);
    expect(series.weeks.at(-1)!.start).toBe('2025-02-17');
    expect(series).toMatchObject({ inWeeks: 52, beforeWeeks: 8 });
  });

  it('starts at the week of `from` when the filter sets it', () => {
    const series = toWeeklySeries([makeBrief({ date: '2024-03-20T00:00:00Z' })], {
      from: '2024-03-01',
    });
    expect(series.weeks.map((w) => w.week)).toEqual([
      '2024-W09',
      '2024-W10',
      '2024-W11',
      '2024-W12',
    ]);
  });

  it('is empty without dated briefs', () => {
    expect(toWeeklySeries([])).toMatchObject({ weeks: [], inWeeks: 0 });
  });
});

describe('buildTrends', () => {
  const briefs = [
    makeBrief({ vendors: ['Microsoft', 'Adobe'], tags: ['rce'], techniques: ['T1190'] }),
    makeBrief({
      vendors: ['microsoft'],
      tags: ['RCE', 'phishing'],
      techniques: ['T1190', 'T1566'],
    }),
    makeBrief({ vendors: ['Cisco'], tags: ['rce'], techniques: ['T1059.001'] }),
  ];
  const index = buildBriefIndex(briefs);
  const source = toIndexSource(index);

  it('uses the list counts for facets the filter leaves free', () => {
    const selection = selectBriefs(source, emptyFilter());
    const trends = buildTrends(selection.briefs, selection.facets, selection.filter);
    expect(trends.top.vendor).toEqual([
      { value: 'Microsoft', count: 2 },
      { value: 'Adobe', count: 1 },
      { value: 'Cisco', count: 1 },
    ]);
    expect(trends.top.tag).toEqual([
      { value: 'rce', count: 3 },
      { value: 'phishing', count: 1 },
    ]);
    expect(trends.top.technique).toEqual([
      { value: 'T1190', count: 2 },
      { value: 'T1059.001', count: 1 },
      { value: 'T1566', count: 1 },
    ]);
    for (const facet of ['vendor', 'tag', 'technique'] as const) {
      expect(countValues(selection.briefs, facet), facet).toEqual(trends.top[facet]);
    }
  });

  it('counts a constrained facet over the view only', () => {
    const selection = selectBriefs(source, withFacetValue(emptyFilter(), 'vendor', 'Adobe'));
    const trends = buildTrends(selection.briefs, selection.facets, selection.filter);
    expect(trends.briefCount).toBe(1);
    // The list's disjunctive counts would also show Cisco and count Microsoft twice.
    expect(trends.top.vendor).toEqual([
      { value: 'Adobe', count: 1 },
      { value: 'Microsoft', count: 1 },
    ]);
    expect(trends.top.tag).toEqual([{ value: 'rce', count: 1 }]);
  });

  it('keeps the top N', () => {
    const selection = selectBriefs(source, emptyFilter());
    expect(
      buildTrends(selection.briefs, selection.facets, selection.filter, { topN: 1 }).top.vendor,
    ).toHaveLength(1);
  });
});
