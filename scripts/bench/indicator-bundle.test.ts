import { describe, expect, it } from 'vitest';
import { Rng, synthFeed, synthStix } from '@/dev/synth';
import { parseIndicatorPattern } from '@/lib/feed/ingest/stix-indicators';
import {
  censusOf,
  indicatorBundle,
  indicatorCount,
  indicatorsFor,
  randomIndicator,
  REALISTIC_MIX,
} from './indicator-bundle';

const referenceDate = '2026-11-20T00:00:00Z';
const feed = synthFeed({ count: 120, seed: 1, referenceDate, vendors: 30, products: 60, tags: 50 });

describe('the bench STIX bundle with indicators', () => {
  it('is synthStix bundle, object for object, without indicators', () => {
    const without = indicatorBundle(feed, { windowDays: 400, indicators: false, referenceDate });
    expect(JSON.stringify(without)).toBe(
      JSON.stringify(synthStix(feed, { windowDays: 400, referenceDate })),
    );
  });

  it('adds only indicators and their relationships', () => {
    const without = indicatorBundle(feed, { windowDays: 400, indicators: false, referenceDate });
    const withIt = indicatorBundle(feed, { windowDays: 400, indicators: true, referenceDate });
    const types = (b: typeof withIt) =>
      b.objects.filter((o) => o.type !== 'indicator' && o.type !== 'relationship').length;
    expect(types(withIt)).toBe(types(without));
    const census = censusOf(withIt);
    expect(census.reports).toBe(censusOf(without).reports);
    expect(censusOf(without).indicators).toBe(0);
    expect(census.withIndicators).toBeGreaterThan(0);
    expect(census.withIndicators).toBeLessThan(census.reports);
  });

  it('writes patterns the ingest reads, value and type as named', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 500; i++) {
      const s = randomIndicator(rng);
      const parsed = parseIndicatorPattern(s.pattern);
      expect(parsed, s.pattern).not.toBeNull();
      expect(`${parsed!.type}: ${parsed!.value}`).toBe(s.name);
    }
  });

  it('gives most reports none, some a few, a few many', () => {
    const rng = new Rng(5);
    const counts = Array.from({ length: 5000 }, () => indicatorCount(rng, REALISTIC_MIX));
    const share = (f: (c: number) => boolean) => counts.filter(f).length / counts.length;
    expect(share((c) => c === 0)).toBeCloseTo(0.6, 1);
    expect(share((c) => c >= 1 && c <= 20)).toBeCloseTo(0.32, 1);
    expect(share((c) => c >= 300)).toBeGreaterThan(0.005);
    expect(indicatorsFor('a-slug')).toEqual(indicatorsFor('a-slug'));
  });
});
