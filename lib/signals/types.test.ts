import { describe, expect, it } from 'vitest';
import { matchedCounts, NO_SIGNALS, type CveSignal, type CveSignals } from './types';

const kev = { dateAdded: '2026-01-02' } as unknown as NonNullable<CveSignal['kev']>;
const epss = { score: 0.5, percentile: 0.9 } as unknown as NonNullable<CveSignal['epss']>;

function signalsOf(entries: [string, CveSignal][]): CveSignals {
  return { ...NO_SIGNALS, version: 1, byCve: new Map(entries) };
}

describe('matchedCounts', () => {
  it('counts the feed CVEs with a KEV entry and with an EPSS score', () => {
    const signals = signalsOf([
      ['CVE-2026-0001', { kev, epss }],
      ['CVE-2026-0002', { kev: null, epss }],
      ['CVE-2026-0003', { kev, epss: null }],
    ]);
    expect(matchedCounts(signals)).toEqual({ kev: 2, epss: 2 });
    expect(matchedCounts(NO_SIGNALS)).toEqual({ kev: 0, epss: 0 });
  });

  it('counts once per signals version: the same object answers from memory, a new one anew', () => {
    const signals = signalsOf([['CVE-2026-0001', { kev, epss: null }]]);
    expect(matchedCounts(signals)).toBe(matchedCounts(signals));
    expect(matchedCounts(signalsOf([]))).toEqual({ kev: 0, epss: 0 });
  });
});
