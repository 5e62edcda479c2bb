import { describe, expect, it } from 'vitest';
import { toIndexedBrief } from '@/lib/briefs/types';
import { makeBrief } from '@/test/support/test-briefs';
import { ValueInterner } from './value-interner';

// Two briefs as two JSON reads would give them: equal values, never the same objects.
function twoReads() {
  const fields = {
    vendors: ['Microsoft'],
    products: ['Exchange Server'],
    tags: ['ransomware', 'initial-access'],
    cves: [{ id: 'CVE-2026-1234', cvss: 9.8 }],
    techniques: [
      { id: 'T1190', name: 'Exploit Public-Facing Application', tactics: ['initial-access'] },
    ],
    affected: [{ name: 'Exchange Server', version: '< 15.2' }],
  };
  return ['one', 'two'].map((slug) =>
    toIndexedBrief(makeBrief({ slug, ...structuredClone(fields) })),
  );
}

describe('ValueInterner', () => {
  it('keeps every field as it was', () => {
    const interner = new ValueInterner();
    for (const brief of twoReads()) expect(interner.indexed(brief)).toEqual(brief);
  });

  it('makes equal values and lists of two briefs one shared copy', () => {
    const interner = new ValueInterner();
    const [a, b] = twoReads().map((brief) => interner.indexed(brief));
    expect(a!.vendors).toBe(b!.vendors);
    expect(a!.tags).toBe(b!.tags);
    expect(a!.techniques).toBe(b!.techniques);
    expect(a!.techniques[0]).toBe(b!.techniques[0]);
    expect(a!.cves[0]).toBe(b!.cves[0]);
    expect(a!.affected[0]).toBe(b!.affected[0]);
    expect(a!.slug).not.toBe(b!.slug);
  });

  it('freezes what it shares, so no brief can change another one', () => {
    const [a] = twoReads().map((brief) => new ValueInterner().indexed(brief));
    expect(() => a!.tags.push('changed')).toThrow(TypeError);
    expect(() => {
      (a!.techniques[0] as { name: string | null }).name = 'changed';
    }).toThrow(TypeError);
  });
});
