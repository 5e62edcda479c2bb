import { describe, expect, it } from 'vitest';
import { checkSince } from '@/lib/briefs/filter/since';
import { parseBriefFilter, parseViewFilter } from '@/lib/briefs/filter/url';
import { isOutOfRangeDate, parseDate } from '@/lib/feed/ingest/fields';
import { setTicked, ticksOf } from '@/lib/workflow/triage';
import { importWatchlists } from '@/lib/workflow/watchlists';
import { OBJECT_METHOD_NAMES } from '@/test/support/object-method-names';

// Issue 20, unit level: parameter names like Object methods (server parser and the browser's
// watchlist import and checklist), and dates outside 1990-2100 at ingest and in since=.

describe('a query parameter named after an Object method', () => {
  it.each(OBJECT_METHOD_NAMES)('%s is ignored like any unknown parameter by views', (name) => {
    const result = parseViewFilter(new URLSearchParams(`${name}=1&tag=a`), { allowUnknown: true });
    expect(result.ok && result.filter.tag).toEqual(['a']);
  });

  it.each(OBJECT_METHOD_NAMES)('%s is refused by name by the strict parser', (name) => {
    const result = parseBriefFilter(new URLSearchParams(`tag=a&${name}=1`));
    expect(!result.ok && result.error.parameter).toBe(name);
  });

  it.each(OBJECT_METHOD_NAMES)('%s in an imported watchlist is refused with a message', (name) => {
    const file = JSON.stringify({
      format: 'craftedsignal-briefs-watchlists',
      version: 1,
      watchlists: [{ name: 'x', query: `${name}=1` }],
    });
    const result = importWatchlists([], file, new Date(), () => 'id');
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.error).toMatch(/^watchlists\.0\.query: /);
  });

  it.each(OBJECT_METHOD_NAMES)('a brief slugged %s ticks its own checklist entry', (slug) => {
    expect(ticksOf({}, slug)).toEqual([]);
    const next = setTicked({}, slug, 2, true);
    expect(ticksOf(next, slug)).toEqual([2]);
    expect(Object.getPrototypeOf(next)).toBe(Object.prototype);
    expect(ticksOf(setTicked(next, slug, 2, false), slug)).toEqual([]);
  });
});

describe('dates outside 1990-2100', () => {
  it('are missing at ingest, and flagged as out of range', () => {
    expect(parseDate('9999-12-31T23:59:59-23:59')).toBeNull();
    expect(isOutOfRangeDate('9999-12-31T23:59:59-23:59')).toBe(true);
    expect(parseDate('1989-12-31')).toBeNull();
    expect(parseDate('2100-12-31T12:00:00Z')).toBe('2100-12-31T12:00:00.000Z');
    expect(parseDate('2026-11-01')).toBe('2026-11-01T00:00:00.000Z');
    expect(isOutOfRangeDate('not a date')).toBe(false);
  });

  it('are refused by since=, never rewritten to an expanded year', () => {
    for (const raw of ['9999-12-31T23:59:59-23:59', '9999-12-31', '2100-12-31T23:59:00-23:59']) {
      const result = checkSince(raw);
      expect('message' in result && result.message, raw).toMatch(/1990 to 2100/);
    }
    expect(checkSince('1991-01-01T00:00:00.001Z')).toEqual({ value: '1991-01-01T00:00:00.001Z' });
  });
});
