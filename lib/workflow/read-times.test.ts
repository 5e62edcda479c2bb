import { describe, expect, it } from 'vitest';
import { isUpdatedSinceRead, setReadTime, storedReadTimesSchema } from './read-times';

describe('read times', () => {
  const t0 = new Date('2026-12-01T10:00:00Z');
  it('records and forgets when a brief was marked read', () => {
    const read = setReadTime({}, 'a', true, t0);
    expect(read).toEqual({ a: '2026-12-01T10:00:00.000Z' });
    expect(setReadTime(read, 'a', false, t0)).toEqual({});
    expect(storedReadTimesSchema.safeParse(read).success).toBe(true);
    expect(storedReadTimesSchema.safeParse({ a: 'yesterday' }).success).toBe(false);
  });

  it('says updated only for a change first served after the read', () => {
    const readAt = t0.toISOString();
    expect(isUpdatedSinceRead({ at: '2026-12-01T10:00:01Z' }, readAt)).toBe(true);
    expect(isUpdatedSinceRead({ at: '2026-12-01T09:59:59Z' }, readAt)).toBe(false);
    expect(isUpdatedSinceRead(undefined, readAt)).toBe(false);
    expect(isUpdatedSinceRead({ at: '2026-12-01T10:00:01Z' }, undefined)).toBe(false);
  });
});
