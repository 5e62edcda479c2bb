import { describe, expect, it } from 'vitest';
import { toIndexedBrief } from '@/lib/briefs/types';
import { makeBrief } from '@/test/support/test-briefs';
import { flaggedBriefs, NAMED_SLUGS } from './flagged-briefs';

const briefs = Array.from({ length: 30 }, (_, i) =>
  toIndexedBrief(
    makeBrief({
      slug: `b-${i}`,
      ...(i % 2 === 0 ? { untitled: true as const } : {}),
      ...(i % 3 === 0 ? { dateOutOfRange: true as const } : {}),
    }),
  ),
);

describe('flaggedBriefs', () => {
  it('counts every flagged brief and names the first few', () => {
    const { untitled, datesOutOfRange } = flaggedBriefs(briefs);
    expect(untitled.count).toBe(15);
    expect(untitled.slugs).toHaveLength(Math.min(15, NAMED_SLUGS));
    expect(untitled.slugs[0]).toBe('b-0');
    expect(datesOutOfRange).toEqual({
      count: 10,
      slugs: [0, 3, 6, 9, 12, 15, 18, 21, 24, 27].map((i) => `b-${i}`),
    });
  });

  it('counts once per served version: the same array answers from memory, a new one anew', () => {
    const first = flaggedBriefs(briefs);
    expect(flaggedBriefs(briefs)).toBe(first);
    const next = briefs.slice(1);
    expect(flaggedBriefs(next)).not.toBe(first);
    expect(flaggedBriefs(next).untitled.count).toBe(14);
  });
});
