import { describe, expect, it } from 'vitest';
import { median, summarize } from './stats';

describe('summarize', () => {
  it('takes nearest-rank percentiles', () => {
    const s = summarize(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(s).toMatchObject({ count: 100, p50: 50, p90: 90, p99: 99, max: 100, mean: 50.5 });
  });
  it('sorts numerically, not as strings', () => {
    expect(summarize([9, 10, 100, 2]).p50).toBe(9);
  });
  it('gives NaN for no samples', () => {
    expect(summarize([]).p50).toBeNaN();
    expect(median([3, 1, 2])).toBe(2);
  });
});
