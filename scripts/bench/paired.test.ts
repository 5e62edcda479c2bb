import { describe, expect, it } from 'vitest';
import { abbaOrder, allOf, atMost, median, ratioText, spread, spreadText } from './paired';

describe('paired comparisons', () => {
  it('interleaves A B B A', () => {
    expect(abbaOrder(2)).toEqual(['A', 'B', 'B', 'A']);
    expect(abbaOrder(3)).toEqual(['A', 'B', 'B', 'A', 'A', 'B']);
    expect(abbaOrder(0)).toEqual([]);
  });

  it('takes the median and the range, ignoring runs that measured nothing', () => {
    expect(spread([3, 1, 2, NaN])).toEqual({ median: 2, min: 1, max: 3, runs: 3 });
    expect(median([10, 30])).toBe(20);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(spread([]).runs).toBe(0);
    expect(spreadText(spread([10, 30]), (v) => `${v} ms`)).toBe('20 ms (10 ms–30 ms)');
    expect(spreadText(spread([7]), String)).toBe('7');
  });

  it('judges a ratio against its ceiling', () => {
    expect(atMost(1.05, 1.05)).toBe('holds');
    expect(atMost(1.0501, 1.05)).toBe('missed');
    expect(atMost(NaN, 1.05)).toBe('not measured');
    expect(allOf(['holds', 'missed'])).toBe('missed');
    expect(allOf(['holds', 'holds'])).toBe('holds');
    expect(allOf(['holds', 'not measured'])).toBe('not measured');
    expect(ratioText(103, 100)).toBe('1.030×');
    expect(ratioText(1, 0)).toBe('n/a');
  });
});
