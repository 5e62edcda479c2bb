import { describe, expect, it } from 'vitest';
import { compare, formatComparison, interleave, resolveBaselineRef } from './regression';

describe('resolveBaselineRef', () => {
  const facts = { dirty: false, head: 'h', mergeBase: 'm' };
  it('takes BENCH_BASELINE over everything', () => {
    expect(resolveBaselineRef({ ...facts, dirty: true, override: ' v1.2 ' }).ref).toBe('v1.2');
  });
  it('compares uncommitted changes with HEAD', () => {
    expect(resolveBaselineRef({ ...facts, dirty: true }).ref).toBe('h');
  });
  it('compares a clean branch with the last commit on main before it', () => {
    expect(resolveBaselineRef(facts).ref).toBe('m');
    expect(resolveBaselineRef({ ...facts, override: '' }).ref).toBe('m');
  });
  it('compares main itself (or a clone without main) with the commit before HEAD', () => {
    expect(resolveBaselineRef({ ...facts, mergeBase: 'h' }).ref).toBe('h~1');
    expect(resolveBaselineRef({ ...facts, mergeBase: null }).ref).toBe('h~1');
  });
});

describe('compare', () => {
  it('misses req/s more than 15% below the baseline', () => {
    expect(compare(840, 1000, 'higher')).toMatchObject({ verdict: 'missed' });
    expect(compare(850, 1000, 'higher')).toMatchObject({ verdict: 'holds' });
    expect(compare(2000, 1000, 'higher')).toMatchObject({
      ratio: 2,
      worseBy: -1,
      verdict: 'holds',
    });
  });
  it('misses a latency more than 15% above the baseline', () => {
    expect(compare(11.6, 10, 'lower').verdict).toBe('missed');
    expect(compare(11.5, 10, 'lower').verdict).toBe('holds');
    expect(compare(5, 10, 'lower')).toMatchObject({ ratio: 0.5, verdict: 'holds' });
  });
  it('says when either side is missing', () => {
    expect(compare(null, 10, 'lower').verdict).toBe('not measured');
    expect(compare(10, 0, 'higher').verdict).toBe('not measured');
    expect(compare(NaN, 10, 'higher').verdict).toBe('not measured');
  });
  it('formats the ratio and the direction', () => {
    expect(formatComparison(compare(547, 1046, 'higher'))).toBe('0.52× (48% worse)');
    expect(formatComparison(compare(10, 20, 'lower'))).toBe('0.50× (50% better)');
    expect(formatComparison(compare(10, 10, 'lower'))).toBe('1.00× (same)');
    expect(formatComparison(compare(null, 10, 'lower'))).toBe('—');
  });
});

describe('interleave', () => {
  it('alternates which side goes first', () => {
    expect(interleave('a', 'b', 3)).toEqual(['a', 'b', 'b', 'a', 'a', 'b']);
  });
});
