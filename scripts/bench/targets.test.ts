import { describe, expect, it } from 'vitest';
import { check, formatTarget, judge, judgeAll, overBy, TARGETS, type Target } from './targets';

describe('judge', () => {
  const lt: Target = { limit: 10, unit: 'ms', cmp: 'lt' };
  const le: Target = { limit: 10, unit: 'ms', cmp: 'le' };
  it('is strict for lt and inclusive for le', () => {
    expect(judge(lt, 9.99)).toBe('holds');
    expect(judge(lt, 10)).toBe('missed');
    expect(judge(le, 10)).toBe('holds');
    expect(judge(le, 10.01)).toBe('missed');
  });
  it('handles ge and eq', () => {
    expect(judge(TARGETS.floorRatio, 0.8)).toBe('holds');
    expect(judge(TARGETS.floorRatio, 0.79)).toBe('missed');
    expect(judge(TARGETS.restartNormalized, 0)).toBe('holds');
    expect(judge(TARGETS.restartNormalized, 1)).toBe('missed');
  });
  it('says not measured for missing or non-finite values', () => {
    expect(judge(lt, null)).toBe('not measured');
    expect(judge(lt, undefined)).toBe('not measured');
    expect(judge(lt, NaN)).toBe('not measured');
  });
});

describe('judgeAll', () => {
  it('misses when any misses and holds only when all hold', () => {
    expect(judgeAll(['holds', 'holds'])).toBe('holds');
    expect(judgeAll(['holds', 'missed'])).toBe('missed');
    expect(judgeAll(['missed', 'not measured'])).toBe('not measured');
    expect(judgeAll([])).toBe('not measured');
  });
});

describe('formatting', () => {
  it('names the limit with its comparison', () => {
    expect(formatTarget(TARGETS.apiUnfiltered)).toBe('<= 64.0 kB');
    expect(formatTarget(TARGETS.rss10k)).toBe('<= 300 MB');
    expect(formatTarget(TARGETS.first100Ms)).toBe('< 2.00 s');
  });
  it('says how far a miss is over', () => {
    expect(overBy(TARGETS.first100Ms, 2_440)).toBe('+22%');
    expect(overBy(TARGETS.first100Ms, 1_000)).toBe('');
    expect(overBy(TARGETS.floorRatio, 0.6)).toBe('-25%');
  });
  it('builds a check row', () => {
    const c = check('restart at 10,000', 'restart', TARGETS.restart10kMs, 2_430);
    expect(c).toMatchObject({ measured: '2.43 s (+22%)', target: '< 2.00 s', verdict: 'missed' });
    expect(check('x', 'size', TARGETS.apiUnfiltered, null).verdict).toBe('not measured');
  });
});
