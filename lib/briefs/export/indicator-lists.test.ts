import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { emptyFilter } from '@/lib/briefs/filter/url';
import { makeBrief } from '@/test/support/test-briefs';
import {
  collectIndicators,
  moveIndicatorTypeParams,
  toIndicatorsCsv,
  toIndicatorsText,
} from './indicator-lists';

const a = makeBrief({ slug: 'a', title: 'A', iocCount: 3 });
const b = makeBrief({ slug: 'b', title: '=B', iocCount: 2 });
const none = makeBrief({ slug: 'none' });
const bodies = new Map([
  [
    'a',
    {
      indicators: [
        { type: 'domain', value: 'c2.example.net' },
        { type: 'ipv4', value: '192.0.2.1' },
        { type: 'domain', value: '-leading.example' },
      ],
    },
  ],
  [
    'b',
    {
      indicators: [
        { type: 'domain', value: 'c2.example.net' },
        { type: 'url', value: 'http://192.0.2.1/x' },
      ],
    },
  ],
]);
const bodyOf = (slug: string) => bodies.get(slug);

describe('indicator lists', () => {
  it('moves an indicator type given as type=, keeps brief types', () => {
    const moved = moveIndicatorTypeParams(new URLSearchParams('type=domain&type=threat&q=x'));
    expect(moved.toString()).toBe('ioc_type=domain&type=threat&q=x');
  });

  it('writes each raw value once, after a header naming the view', () => {
    const filter = { ...emptyFilter(), severity: ['high'] };
    const text = toIndicatorsText(collectIndicators([a, b, none], filter, bodyOf), filter, 'live');
    const lines = text.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('#'))[0]).toBe(
      '# Indicators of the view: Severity: high',
    );
    expect(lines.filter((l) => !l.startsWith('#'))).toEqual([
      'c2.example.net',
      '192.0.2.1',
      '-leading.example',
      'http://192.0.2.1/x',
    ]);
  });

  it('keeps only the filter’s indicator types', () => {
    const filter = { ...emptyFilter(), ioc_type: ['domain'] };
    const rows = collectIndicators([a, b], filter, bodyOf);
    expect(rows.map((r) => `${r.brief.slug}:${r.value}`)).toEqual([
      'a:c2.example.net',
      'a:-leading.example',
      'b:c2.example.net',
    ]);
  });

  it('writes one CSV row per value and brief, formulas neutralised', () => {
    const rows = collectIndicators([a, b], emptyFilter(), bodyOf);
    const csv = toIndicatorsCsv(rows, 'http://dash.test');
    const parsed = Papa.parse<Record<string, string>>(csv.slice(1), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.data).toHaveLength(5);
    expect(parsed.data[0]).toMatchObject({
      value: 'c2.example.net',
      type: 'domain',
      brief_slug: 'a',
      brief_url: 'http://dash.test/briefs/a',
    });
    expect(parsed.data[2]!.value).toBe("'-leading.example");
    expect(parsed.data[3]!.brief_title).toBe("'=B");
  });
});
