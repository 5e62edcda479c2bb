import { describe, expect, it } from 'vitest';
import { describeChangeMark, diffFacts, isNewVersion, type BriefFacts } from './changes';

const facts = (over: Partial<BriefFacts> = {}): BriefFacts => ({
  modified: '2026-11-01T00:00:00Z',
  severity: 'high',
  type: 'threat',
  exploited: false,
  hasPoc: false,
  lists: { cves: ['CVE-2024-1'], products: ['FortiOS'], tags: [] },
  sections: { overview: 'a', recommendations: 'b' },
  ...over,
});
const texts = (a: BriefFacts, b: BriefFacts) => diffFacts(a, b).map((c) => c.text);

describe('diffFacts', () => {
  it('says each kind of change in words', () => {
    expect(texts(facts(), facts({ severity: 'critical' }))).toEqual([
      'severity raised from high to critical',
    ]);
    expect(texts(facts(), facts({ severity: 'low' }))).toEqual([
      'severity lowered from high to low',
    ]);
    expect(texts(facts(), facts({ exploited: true }))).toEqual(['exploitation now seen']);
    expect(texts(facts(), facts({ hasPoc: true }))).toEqual([
      'a public proof of concept now listed',
    ]);
    expect(
      texts(
        facts(),
        facts({
          lists: { cves: ['CVE-2024-1', 'CVE-2024-2', 'CVE-2024-3'], products: ['FortiOS'] },
        }),
      ),
    ).toEqual(['2 CVEs added: CVE-2024-2, CVE-2024-3']);
    expect(texts(facts(), facts({ sections: { overview: 'a', recommendations: 'c' } }))).toEqual([
      'recommendations changed',
    ]);
    expect(texts(facts(), facts({ sections: { overview: 'a' } }))).toEqual([
      'recommendations removed',
    ]);
  });

  it('reads a list a newer writer added (indicators) without knowing its words', () => {
    const before = facts();
    const after = facts({ lists: { ...before.lists, indicators: ['198.51.100.7'] } });
    expect(texts(before, after)).toEqual(['an indicator added: 198.51.100.7']);
  });

  it('is a new version when only date_modified moved, with nothing to list', () => {
    const after = facts({ modified: '2026-12-01T00:00:00Z' });
    expect(diffFacts(facts(), after)).toEqual([]);
    expect(isNewVersion(facts(), after)).toBe(true);
    expect(isNewVersion(facts(), facts())).toBe(false);
  });

  it('makes a feed line', () => {
    expect(
      describeChangeMark({
        at: '2026-12-02T00:00:00Z',
        updated: '2026-12-01T08:00:00Z',
        what: ['exploitation now seen'],
      }),
    ).toBe('Updated 2026-12-01: exploitation now seen.');
  });
});
