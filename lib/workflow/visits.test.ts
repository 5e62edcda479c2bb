import { describe, expect, it } from 'vitest';
import { setRead, setTicked } from './triage';
import { isNewSince, recordVisit, SESSION_GAP_MS, withVisit } from './visits';

const at = (iso: string) => new Date(iso);

describe('visits', () => {
  it('a first visit marks nothing new until later briefs arrive', () => {
    const visit = recordVisit(undefined, at('2026-12-01T08:00:00Z'));
    expect(visit).toEqual({
      baseline: '2026-12-01T08:00:00.000Z',
      last: '2026-12-01T08:00:00.000Z',
    });
    expect(isNewSince({ date: '2026-11-30T00:00:00Z' }, visit.baseline)).toBe(false);
    expect(isNewSince({ date: '2026-12-01T08:05:00Z' }, visit.baseline)).toBe(true);
  });

  it('a reload within the session keeps the baseline, a later visit moves it', () => {
    const first = recordVisit(undefined, at('2026-12-01T08:00:00Z'));
    const reload = recordVisit(first, at('2026-12-01T08:20:00Z'));
    expect(reload.baseline).toBe(first.baseline);
    const tomorrow = recordVisit(reload, new Date(Date.parse(reload.last) + SESSION_GAP_MS + 1));
    expect(tomorrow.baseline).toBe(reload.last);
  });

  it("a watchlist's first visit counts from its creation", () => {
    const visit = recordVisit(undefined, at('2026-12-01T08:00:00Z'), '2026-11-30T08:00:00.000Z');
    expect(visit.baseline).toBe('2026-11-30T08:00:00.000Z');
  });

  it('counts a modification as new', () => {
    const brief = { date: '2026-10-01T00:00:00Z', modified: '2026-12-01T09:00:00Z' };
    expect(isNewSince(brief, '2026-12-01T08:00:00.000Z')).toBe(true);
    expect(isNewSince(brief, null)).toBe(false);
  });

  it('keeps at most 200 views, forgetting the oldest', () => {
    let visits = {};
    for (let i = 0; i < 205; i++)
      visits = withVisit(visits, `v${i}`, new Date(Date.UTC(2026, 0, 1, 0, i)));
    expect(Object.keys(visits)).toHaveLength(200);
    expect(visits).not.toHaveProperty('v0');
    expect(visits).toHaveProperty('v204');
  });
});

describe('triage', () => {
  it('marks read and unread', () => {
    let read = setRead([], 'a', true);
    read = setRead(read, 'b', true);
    read = setRead(read, 'a', true);
    expect(read).toEqual(['b', 'a']);
    expect(setRead(read, 'b', false)).toEqual(['a']);
  });

  it('ticks recommendations per brief', () => {
    let list = setTicked({}, 'a', 2, true);
    list = setTicked(list, 'a', 0, true);
    list = setTicked(list, 'b', 1, true);
    expect(list).toEqual({ a: [0, 2], b: [1] });
    list = setTicked(list, 'b', 1, false);
    expect(list).toEqual({ a: [0, 2] });
  });
});
