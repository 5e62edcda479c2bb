import { describe, expect, it } from 'vitest';
import { checkSince, toSinceTime } from '@/lib/briefs/filter/since';
import { activeFilterChips } from './chips';
import { emptyFilter, filterToSearchParams, parseBriefFilter } from './url';

function parse(query: string) {
  const result = parseBriefFilter(new URLSearchParams(query));
  if (!result.ok) throw new Error(`${result.error.parameter}: ${result.error.message}`);
  return result.filter;
}

function errorOf(query: string) {
  const result = parseBriefFilter(new URLSearchParams(query));
  return result.ok ? null : result.error;
}

describe('checkSince', () => {
  it.each([
    ['2026-11-01', '2026-11-01'],
    ['2024-02-29', '2024-02-29'],
    ['2026-11-01T08:00:00Z', '2026-11-01T08:00:00.000Z'],
    ['2026-11-01T08:00Z', '2026-11-01T08:00:00.000Z'],
    ['2026-11-01t08:00:00.5z', '2026-11-01T08:00:00.500Z'],
    ['2026-11-01T10:00:00+02:00', '2026-11-01T08:00:00.000Z'],
    ['2026-11-01T10:00:00+0200', '2026-11-01T08:00:00.000Z'],
    ['2026-11-01T03:30:00-04:30', '2026-11-01T08:00:00.000Z'],
    // An unencoded `+` in a query string arrives as a space.
    ['2026-11-01T10:00:00 02:00', '2026-11-01T08:00:00.000Z'],
    // No designator: UTC, whatever the server's time zone.
    ['2026-11-01T08:00:00', '2026-11-01T08:00:00.000Z'],
    ['2026-11-01T08:00:00.123456789Z', '2026-11-01T08:00:00.123Z'],
  ])('reads %s as %s', (raw, value) => {
    expect(checkSince(raw)).toEqual({ value });
  });

  it.each([
    'yesterday',
    '2026-02-30',
    '2023-02-29',
    '2026-13-01',
    '26-11-01',
    '2026-11-01T24:00:00Z',
    '2026-11-01T08:60:00Z',
    '2026-11-01T08:00:61Z',
    '2026-11-01T08:00:00+25:00',
    '2026-11-01T08:00:00Zjunk',
    '1733040000',
    '2026-11-01 ',
  ])('rejects %j with a message saying what it takes', (raw) => {
    const checked = checkSince(raw);
    expect(checked).toHaveProperty('message');
    expect((checked as { message: string }).message).toMatch(/YYYY-MM-DD.*date-time/);
  });

  it('a day is its start in UTC', () => {
    expect(toSinceTime('2026-11-01')).toBe(Date.UTC(2026, 10, 1));
    expect(toSinceTime('2026-11-01T08:00:00.000Z')).toBe(Date.UTC(2026, 10, 1, 8));
  });
});

describe('since= and poc= in the filter parser', () => {
  it('parses them and writes them back canonically', () => {
    const filter = parse('since=2026-11-01T10:00:00%2B02:00&poc=TRUE&exploited=false');
    expect(filter).toEqual({
      ...emptyFilter(),
      since: '2026-11-01T08:00:00.000Z',
      poc: true,
      exploited: false,
    });
    expect(filterToSearchParams(filter).toString()).toBe(
      'exploited=false&poc=true&since=2026-11-01T08%3A00%3A00.000Z',
    );
    expect(parse(filterToSearchParams(filter).toString())).toEqual(filter);
    expect(parse('poc=false').poc).toBe(false);
    expect(parse('since=2026-11-01').since).toBe('2026-11-01');
    expect(parse('since=&poc=')).toEqual(emptyFilter());
  });

  it.each([
    ['since=yesterday', 'since'],
    ['since=2026-02-30', 'since'],
    ['since=2026-11-01&since=2026-11-02', 'since'],
    ['poc=yes', 'poc'],
    ['poc=1', 'poc'],
    ['poc=true&poc=false', 'poc'],
  ])('%s is an error naming %s', (query, parameter) => {
    expect(errorOf(query)?.parameter).toBe(parameter);
    expect(errorOf(query)?.message).toMatch(new RegExp(`^${parameter} `));
  });

  it('shows a chip for each, whose link removes it', () => {
    const chips = activeFilterChips(parse('poc=true&since=2026-11-01&tag=vpn'));
    expect(chips.map((chip) => [chip.facet, chip.label, chip.href])).toEqual([
      ['tag', 'Tag: vpn', '/?poc=true&since=2026-11-01'],
      ['poc', 'Public PoC', '/?tag=vpn&since=2026-11-01'],
      ['since', 'Published or updated since 2026-11-01', '/?tag=vpn&poc=true'],
    ]);
    expect(activeFilterChips(parse('poc=false'))[0]?.label).toBe('No public PoC');
  });
});
