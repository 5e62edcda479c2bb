// `since=`: the briefs published or modified at or after a moment. A day (`2026-11-01`) means its
// start in UTC; a date-time is normalised to UTC (`2026-11-01T08:00:00.000Z`) so that the
// canonical URL round-trips. A `+` in an unencoded offset arrives as a space and is read as `+`.

import { DATE_RANGE_TEXT, isInDateRange } from '@/lib/briefs/date-range';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+\- ]\d{2}(?::?\d{2})?)?$/i;

export type SinceCheck = { value: string } | { message: string };

function isCalendarDate(y: number, mo: number, d: number): boolean {
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Offset in minutes east of UTC; no designator means UTC. */
function offsetMinutes(designator: string | undefined): number | null {
  if (!designator || designator.toUpperCase() === 'Z') return 0;
  const sign = designator[0] === '-' ? -1 : 1;
  const digits = designator.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

export function checkSince(raw: string): SinceCheck {
  const day = DAY.exec(raw);
  if (day) {
    if (isCalendarDate(Number(day[1]), Number(day[2]), Number(day[3]))) {
      if (isInDateRange(Date.parse(`${raw}T00:00:00Z`))) return { value: raw };
      return { message: `must fall in the ${DATE_RANGE_TEXT} (got ${JSON.stringify(raw)})` };
    }
  }
  const m = DATE_TIME.exec(raw);
  if (m) {
    const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const ms = Number(`0.${m[7] ?? '0'}`) * 1000;
    const offset = offsetMinutes(m[8]);
    if (isCalendarDate(y, mo, d) && h < 24 && mi < 60 && s < 60 && offset !== null) {
      const time = Date.UTC(y, mo - 1, d, h, mi, s, Math.floor(ms)) - offset * 60_000;
      // Never rewritten to an expanded year (`+010000-...`): out of range is refused.
      if (isInDateRange(time)) return { value: new Date(time).toISOString() };
      return {
        message: `must fall in the ${DATE_RANGE_TEXT} (got ${JSON.stringify(raw.slice(0, 60))})`,
      };
    }
  }
  const shown = JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);
  return {
    message: `must be a date YYYY-MM-DD or an ISO 8601 date-time such as 2026-11-01T08:00:00Z (got ${shown})`,
  };
}

/** The moment a parsed `since` value stands for, in ms since the epoch. */
export function toSinceTime(since: string): number {
  return Date.parse(since);
}
