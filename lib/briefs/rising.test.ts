import { describe, expect, it } from 'vitest';
import { emptyFilter } from '@/lib/briefs/filter/url';
import { makeBrief } from '@/test/support/test-briefs';
import { buildRising, RISING_TOP } from './rising';

const NOW = Date.parse('2026-12-01T15:00:00Z');
const daysAgo = (n: number) => new Date(NOW - n * 86_400_000).toISOString();

function briefs(
  vendor: string,
  ages: number[],
  extra: Partial<Parameters<typeof makeBrief>[0]> = {},
) {
  return ages.map((age) => makeBrief({ vendors: [vendor], date: daysAgo(age), ...extra }));
}

describe('buildRising', () => {
  const data = [
    // Fortinet: 4 this week, 1 a week before that: rising fast.
    ...briefs('Fortinet', [0, 1, 2, 6, 10]),
    // Microsoft: steady 2 a week: not rising.
    ...briefs('Microsoft', [1, 3, 8, 9, 15, 16, 22, 23, 29, 30]),
    // Okta: 2 this week, none before.
    ...briefs('okta', [4, 5]),
    // Cisco: a single brief: below the minimum.
    ...briefs('Cisco', [2]),
    // Ivanti: 3 in the last 30 days, 9 in each 30 days before: falling.
    ...briefs('Ivanti', [12, 20, 25, ...Array.from({ length: 27 }, (_, i) => 31 + i * 3)]),
  ];

  it('ranks values by how much their count in the last 7 days rose', () => {
    const week = buildRising(data, emptyFilter(), NOW).windows[0]!;
    expect(week.days).toBe(7);
    expect(week.from).toBe('2026-11-25');
    expect(week.to).toBe('2026-12-01');
    expect(week.facets.vendor.map((v) => [v.value, v.recent, v.before, v.change])).toEqual([
      ['Fortinet', 4, 0.25, 3.75],
      ['okta', 2, 0, 2],
    ]);
  });

  it('compares the last 30 days with the 90 before', () => {
    const month = buildRising(data, emptyFilter(), NOW).windows[1]!;
    expect(month.from).toBe('2026-11-02');
    const vendors = month.facets.vendor.map((v) => v.value);
    expect(vendors).toEqual(['Microsoft', 'Fortinet', 'okta']);
    expect(vendors).not.toContain('Ivanti');
  });

  it('draws weekly counts for the sparkline, oldest week first', () => {
    const rising = buildRising(data, emptyFilter(), NOW);
    const fortinet = rising.windows[0]!.facets.vendor[0]!;
    expect(fortinet.weekly).toHaveLength(12);
    expect(fortinet.weekly.slice(-2)).toEqual([1, 4]);
    expect(rising.weekStarts.at(-1)).toBe('2026-11-25');
  });

  it('links each value to the list filtered by it and by the window', () => {
    const filter = { ...emptyFilter(), severity: ['critical'] };
    const [fortinet] = buildRising(data, filter, NOW).windows[0]!.facets.vendor;
    expect(fortinet?.href).toBe('/?severity=critical&vendor=Fortinet&from=2026-11-25');
  });

  it('covers products, actors, tags and techniques, and keeps the top few', () => {
    const many = Array.from({ length: 8 }, (_, i) =>
      briefs(`V${i}`, [0, 1], {
        products: ['FortiOS'],
        actors: ['Volt Typhoon'],
        tags: ['vpn'],
        techniques: ['T1190'],
      }),
    ).flat();
    const week = buildRising(many, emptyFilter(), NOW).windows[0]!;
    expect(week.facets.vendor).toHaveLength(RISING_TOP);
    expect(week.facets.product[0]).toMatchObject({ value: 'FortiOS', recent: 16 });
    expect(week.facets.actor[0]?.value).toBe('Volt Typhoon');
    expect(week.facets.tag[0]?.value).toBe('vpn');
    expect(week.facets.technique[0]?.value).toBe('T1190');
  });

  it('ignores briefs without a readable date or from the future', () => {
    const odd = [
      ...briefs('X', [0]),
      makeBrief({ vendors: ['X'], date: 'not a date' }),
      makeBrief({ vendors: ['X'], date: daysAgo(-2) }),
    ];
    expect(buildRising(odd, emptyFilter(), NOW).windows[0]!.facets.vendor).toEqual([]);
  });
});
