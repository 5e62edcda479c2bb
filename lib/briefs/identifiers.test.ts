import { describe, expect, it } from 'vitest';
import { findTechniqueIds, isTechniqueId, toParentTechnique, toSlug } from './identifiers';

describe('findTechniqueIds', () => {
  it('finds plain and sub-technique ids, upper-cased, deduplicated, in order', () => {
    expect(findTechniqueIds('Uses T1059.001 then t1078; again T1059.001 and (T1190).')).toEqual([
      'T1059.001',
      'T1078',
      'T1190',
    ]);
  });

  it('reads Sigma-style attack tags', () => {
    expect(findTechniqueIds('attack.t1059')).toEqual(['T1059']);
    expect(findTechniqueIds('attack.t1003.001')).toEqual(['T1003.001']);
  });

  it('ignores ids glued to other words or digits', () => {
    expect(findTechniqueIds('AT1059 T10590 T1059_x xT1078 T105')).toEqual([]);
    expect(findTechniqueIds('end of sentence T1485.')).toEqual(['T1485']);
  });
});

describe('identifiers', () => {
  it('recognises technique ids and their parents', () => {
    expect(isTechniqueId('T1059')).toBe(true);
    expect(isTechniqueId('T1059.001')).toBe(true);
    expect(isTechniqueId('t1059')).toBe(false);
    expect(isTechniqueId('T1059.1')).toBe(false);
    expect(toParentTechnique('T1059.001')).toBe('T1059');
    expect(toParentTechnique('T1059')).toBeNull();
  });

  it('makes the upstream taxonomy slug of a name', () => {
    expect(toSlug('Splunk Enterprise')).toBe('splunk-enterprise');
    expect(toSlug('FortiGate')).toBe('fortigate');
    expect(toSlug('  Café  (Beta) ')).toBe('cafe-beta');
    expect(toSlug('Kaspersky Лаб')).toBe('kaspersky-лаб');
    expect(toSlug('  --  ')).toBe('');
  });
});
