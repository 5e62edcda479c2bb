import { describe, expect, it } from 'vitest';
import { emptyFilter, parseBriefFilter } from '@/lib/briefs/filter/url';
import {
  addWatchlist,
  deleteWatchlist,
  findWatchlistFor,
  importWatchlists,
  renameWatchlist,
  storedWatchlistsSchema,
  toWatchlistFile,
  type Watchlist,
} from './watchlists';

const NOW = new Date('2026-12-01T10:00:00Z');
const filterOf = (query: string) => {
  const parsed = parseBriefFilter(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.filter;
};
let n = 0;
const makeId = () => `w-${++n}`;

function add(list: Watchlist[], name: string, query: string): Watchlist[] {
  const result = addWatchlist(list, name, filterOf(query), NOW, makeId());
  if (!result.ok) throw new Error(result.error);
  return result.watchlists;
}

describe('watchlists', () => {
  it('saves a view by its canonical query, on page 1', () => {
    const list = add([], ' Our VPNs ', 'tag=vpn&vendor=Fortinet&page=3');
    expect(list).toEqual([
      {
        id: 'w-1',
        name: 'Our VPNs',
        query: 'vendor=Fortinet&tag=vpn',
        createdAt: NOW.toISOString(),
      },
    ]);
    expect(findWatchlistFor(list, filterOf('vendor=Fortinet&tag=vpn&page=2'))?.name).toBe(
      'Our VPNs',
    );
    expect(findWatchlistFor(list, emptyFilter())).toBeUndefined();
  });

  it('refuses an empty or overlong name', () => {
    expect(addWatchlist([], '  ', emptyFilter(), NOW)).toMatchObject({ ok: false });
    expect(addWatchlist([], 'x'.repeat(81), emptyFilter(), NOW)).toMatchObject({ ok: false });
  });

  it('renames and deletes', () => {
    let list = add([], 'A', 'tag=a');
    list = add(list, 'B', 'tag=b');
    const renamed = renameWatchlist(list, list[0]!.id, 'Alpha');
    expect(renamed.ok && renamed.watchlists.map((w) => w.name)).toEqual(['Alpha', 'B']);
    expect(renameWatchlist(list, list[0]!.id, '')).toMatchObject({ ok: false });
    expect(deleteWatchlist(list, list[0]!.id).map((w) => w.name)).toEqual(['B']);
  });

  it('exports and imports, skipping views already saved', () => {
    const list = add(add([], 'A', 'tag=a'), 'B', 'severity=high');
    const file = JSON.stringify(toWatchlistFile(list));
    const same = importWatchlists(list, file, NOW, makeId);
    expect(same).toMatchObject({ ok: true, added: 0, skipped: 2 });
    const fresh = importWatchlists([], file, NOW, makeId);
    expect(fresh.ok && fresh.watchlists.map((w) => [w.name, w.query])).toEqual([
      ['A', 'tag=a'],
      ['B', 'severity=high'],
    ]);
  });

  it('canonicalises imported queries', () => {
    const file = JSON.stringify({
      format: 'craftedsignal-briefs-watchlists',
      version: 1,
      watchlists: [{ name: 'x', query: 'severity=HIGH&type=rule&page=4' }],
    });
    const result = importWatchlists([], file, NOW, makeId);
    expect(result.ok && result.watchlists[0]!.query).toBe('severity=high&type=coverage');
  });

  it.each([
    ['not JSON', 'nope', /not JSON/],
    ['another format', JSON.stringify({ format: 'other', version: 1, watchlists: [] }), /format/],
    [
      'a newer version',
      JSON.stringify({ format: 'craftedsignal-briefs-watchlists', version: 2, watchlists: [] }),
      /version/,
    ],
    [
      'a bad query',
      JSON.stringify({
        format: 'craftedsignal-briefs-watchlists',
        version: 1,
        watchlists: [{ name: 'x', query: 'severity=urgent' }],
      }),
      /watchlists\.0\.query: severity must be one of/,
    ],
    [
      'a missing name',
      JSON.stringify({
        format: 'craftedsignal-briefs-watchlists',
        version: 1,
        watchlists: [{ query: '' }],
      }),
      /watchlists\.0\.name/,
    ],
  ])('refuses %s with a message naming it', (_, text, message) => {
    const result = importWatchlists([], text, NOW, makeId);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });

  it('drops tampered storage', () => {
    expect(
      storedWatchlistsSchema.safeParse([{ id: '<x>', name: 'a', query: '', createdAt: 'now' }])
        .success,
    ).toBe(false);
    expect(storedWatchlistsSchema.safeParse('[]').success).toBe(false);
  });
});
