import { describe, expect, it } from 'vitest';
import { readSharedSample } from '@/test/support/shared-samples';
import type { CompactCatalog } from './catalog-types';
import {
  ENTERPRISE_TACTICS,
  InvalidAttackBundleError,
  TechniqueCatalog,
  loadBundledCatalog,
  parseCompactCatalog,
  reduceAttackBundle,
  resolveTactic,
} from './catalog';

const SMALL_CATALOG: CompactCatalog = {
  source: 'test',
  attackVersion: '99',
  tactics: ENTERPRISE_TACTICS.slice(),
  techniques: [
    {
      id: 'T1059',
      name: 'Command and Scripting Interpreter',
      tactics: ['execution'],
      parent: null,
    },
    { id: 'T1059.001', name: 'PowerShell', tactics: [], parent: 'T1059' },
    {
      id: 'T1078',
      name: 'Valid Accounts',
      tactics: ['privilege-escalation', 'initial-access', 'persistence'],
      parent: null,
    },
  ],
};

describe('ENTERPRISE_TACTICS', () => {
  it('lists the 14 tactics in matrix order', () => {
    expect(ENTERPRISE_TACTICS.map((t) => t.id)).toEqual([
      'TA0043',
      'TA0042',
      'TA0001',
      'TA0002',
      'TA0003',
      'TA0004',
      'TA0005',
      'TA0006',
      'TA0007',
      'TA0008',
      'TA0009',
      'TA0011',
      'TA0010',
      'TA0040',
    ]);
    expect(ENTERPRISE_TACTICS[11]).toEqual({
      id: 'TA0011',
      shortname: 'command-and-control',
      name: 'Command and Control',
    });
  });
});

describe('resolveTactic', () => {
  it.each([
    ['initial-access', 'TA0001'],
    ['defense_evasion', 'TA0005'],
    ['Defense Evasion', 'TA0005'],
    ['  PRIVILEGE ESCALATION ', 'TA0004'],
    ['ta0005', 'TA0005'],
    ['TA0040', 'TA0040'],
    ['command_and_control', 'TA0011'],
    ['Command & Control', 'TA0011'],
    ['attack.lateral-movement', 'TA0008'],
  ])('%s -> %s', (value, id) => {
    expect(resolveTactic(value)?.id).toBe(id);
  });

  it.each(['cloud', 'data_loss', '', 'TA9999', 'T1059', 'initial'])('%j is no tactic', (value) => {
    expect(resolveTactic(value)).toBeUndefined();
  });
});

describe('TechniqueCatalog', () => {
  const catalog = new TechniqueCatalog(SMALL_CATALOG);

  it('looks techniques up by id in any case', () => {
    expect(catalog.size).toBe(3);
    expect(catalog.source).toBe('test');
    expect(catalog.get('t1059.001')?.name).toBe('PowerShell');
    expect(catalog.nameOf('T1078')).toBe('Valid Accounts');
    expect(catalog.nameOf('T9999')).toBeNull();
  });

  it('knows parents from the catalog or the id', () => {
    expect(catalog.parentOf('T1059.001')).toBe('T1059');
    expect(catalog.parentOf('T1110.003')).toBe('T1110');
    expect(catalog.parentOf('T1078')).toBeNull();
  });

  it('gives tactics in matrix order, falling back to the parent', () => {
    expect(catalog.tacticsOf('T1078')).toEqual([
      'initial-access',
      'persistence',
      'privilege-escalation',
    ]);
    expect(catalog.tacticsOf('T1059.001')).toEqual(['execution']);
    expect(catalog.tacticsOf('T1059.999')).toEqual(['execution']);
    expect(catalog.tacticsOf('T4242')).toEqual([]);
  });

  it('sorts and deduplicates tactic shortnames', () => {
    expect(
      catalog.sortTactics(['impact', 'reconnaissance', 'zzz-unknown', 'impact', 'execution']),
    ).toEqual(['reconnaissance', 'execution', 'impact', 'zzz-unknown']);
  });

  it('resolves tactics only a custom catalog lists', () => {
    const custom = new TechniqueCatalog({
      ...SMALL_CATALOG,
      tactics: [...ENTERPRISE_TACTICS, { id: 'TA0099', shortname: 'stealth', name: 'Stealth' }],
    });
    expect(custom.resolveTactic('STEALTH')?.id).toBe('TA0099');
    expect(custom.resolveTactic('defense_evasion')?.id).toBe('TA0005');
    expect(resolveTactic('stealth')).toBeUndefined();
  });
});

describe('loadBundledCatalog', () => {
  it('loads and validates data/attack-catalog.json once', () => {
    const catalog = loadBundledCatalog();
    expect(loadBundledCatalog()).toBe(catalog);
    expect(catalog.source).toBe('bundled');
    expect(catalog.tactics.map((t) => t.id)).toEqual(ENTERPRISE_TACTICS.map((t) => t.id));
    expect(catalog.nameOf('T1059')).toBe('Command and Scripting Interpreter');
    expect(catalog.tacticsOf('T1059.001')).toEqual(['execution']);
  });

  it('rejects a catalog of the wrong shape', () => {
    expect(() => parseCompactCatalog({ source: 'x', tactics: [] })).toThrow();
  });
});

describe('reduceAttackBundle', () => {
  const sample = readSharedSample('attack-catalog-sample.json');
  it.skipIf(!sample)('reduces the shared sample bundle', () => {
    expect(reduceAttackBundle(sample, 'sample')).toEqual({
      source: 'sample',
      attackVersion: null,
      tactics: [
        { id: 'TA0001', shortname: 'initial-access', name: 'Initial Access' },
        { id: 'TA0002', shortname: 'execution', name: 'Execution' },
      ],
      techniques: [
        {
          id: 'T1059',
          name: 'Command and Scripting Interpreter',
          tactics: ['execution'],
          parent: null,
        },
        { id: 'T1059.001', name: 'PowerShell', tactics: ['execution'], parent: 'T1059' },
        {
          id: 'T1190',
          name: 'Exploit Public-Facing Application',
          tactics: ['initial-access'],
          parent: null,
        },
      ],
    });
  });

  const ref = (id: string) => [{ source_name: 'mitre-attack', external_id: id }];
  const phases = (...names: string[]) =>
    names.map((phase_name) => ({ kill_chain_name: 'mitre-attack', phase_name }));
  const tactic = (n: number, id: string, shortname: string, name: string) => ({
    type: 'x-mitre-tactic',
    id: `x-mitre-tactic--${n}`,
    name,
    x_mitre_shortname: shortname,
    external_references: ref(id),
    x_unknown_field: { ignored: true },
  });

  const bundle = {
    type: 'bundle',
    id: 'bundle--test',
    objects: [
      { type: 'x-mitre-collection', id: 'x-mitre-collection--1', x_mitre_version: '17.1' },
      // A second matrix (not Enterprise) must not decide the order.
      {
        type: 'x-mitre-matrix',
        id: 'x-mitre-matrix--0',
        tactic_refs: ['x-mitre-tactic--3'],
        external_references: ref('mobile-attack'),
      },
      {
        type: 'x-mitre-matrix',
        id: 'x-mitre-matrix--1',
        tactic_refs: [
          'x-mitre-tactic--3',
          'x-mitre-tactic--1',
          'x-mitre-tactic--2',
          'x-mitre-tactic--missing',
        ],
        external_references: ref('enterprise-attack'),
      },
      tactic(1, 'TA0003', 'persistence', 'Persistence'),
      tactic(2, 'TA0005', 'defense-evasion', 'Defense Evasion'),
      tactic(3, 'TA0001', 'initial-access', 'Initial Access'),
      tactic(4, 'TA0010', 'exfiltration', 'Exfiltration'), // not in the matrix: listed after it
      { ...tactic(5, 'TA0030', 'old-tactic', 'Old Tactic'), x_mitre_deprecated: true },
      {
        type: 'attack-pattern',
        id: 'attack-pattern--a',
        name: 'Valid Accounts',
        kill_chain_phases: phases('defense-evasion', 'initial-access', 'persistence'),
        external_references: [{ source_name: 'capec', external_id: 'CAPEC-1' }, ...ref('T1078')],
      },
      {
        type: 'attack-pattern',
        id: 'attack-pattern--b',
        name: 'Cloud Accounts',
        x_mitre_is_subtechnique: true,
        kill_chain_phases: phases('persistence'),
        external_references: ref('T1078.004'),
      },
      // A sub-technique without a subtechnique-of relationship: its parent comes from the id.
      {
        type: 'attack-pattern',
        id: 'attack-pattern--c',
        name: 'Odd Child',
        kill_chain_phases: [
          ...phases('initial-access'),
          { kill_chain_name: 'mitre-mobile-attack', phase_name: 'impact' },
        ],
        external_references: ref('T1200.001'),
      },
      {
        type: 'relationship',
        id: 'relationship--1',
        relationship_type: 'subtechnique-of',
        source_ref: 'attack-pattern--b',
        target_ref: 'attack-pattern--a',
      },
      {
        type: 'relationship',
        id: 'relationship--2',
        relationship_type: 'uses',
        source_ref: 'intrusion-set--x',
        target_ref: 'attack-pattern--a',
      },
      {
        type: 'attack-pattern',
        id: 'attack-pattern--r',
        name: 'Revoked',
        revoked: true,
        external_references: ref('T1064'),
      },
      {
        type: 'attack-pattern',
        id: 'attack-pattern--d',
        name: 'Deprecated',
        x_mitre_deprecated: true,
        external_references: ref('T1099'),
      },
      { type: 'attack-pattern', id: 'attack-pattern--n', external_references: ref('T1111') }, // no name
      {
        type: 'attack-pattern',
        id: 'attack-pattern--x',
        name: 'Not ATT&CK',
        external_references: ref('X1'),
      },
      {
        type: 'attack-pattern',
        id: 'attack-pattern--k',
        name: 'Bad phases',
        kill_chain_phases: 'oops',
        external_references: ref('T1133'),
      },
      { type: 'intrusion-set', id: 'intrusion-set--x', name: 'Some group' },
      'not an object',
      null,
      42,
    ],
  };

  it('keeps the Enterprise matrix order and skips retired or unusable objects', () => {
    const reduced = reduceAttackBundle(bundle, 'https://example.org/enterprise-attack.json');
    expect(reduced.source).toBe('https://example.org/enterprise-attack.json');
    expect(reduced.attackVersion).toBe('17.1');
    expect(reduced.tactics.map((t) => t.shortname)).toEqual([
      'initial-access',
      'persistence',
      'defense-evasion',
      'exfiltration',
    ]);
    expect(reduced.techniques).toEqual([
      {
        id: 'T1078',
        name: 'Valid Accounts',
        tactics: ['initial-access', 'persistence', 'defense-evasion'],
        parent: null,
      },
      { id: 'T1078.004', name: 'Cloud Accounts', tactics: ['persistence'], parent: 'T1078' },
      { id: 'T1133', name: 'Bad phases', tactics: [], parent: null },
      { id: 'T1200.001', name: 'Odd Child', tactics: ['initial-access'], parent: 'T1200' },
    ]);
    expect(() => parseCompactCatalog(reduced)).not.toThrow();
  });

  it('throws a typed error for something that is not a bundle', () => {
    expect(() => reduceAttackBundle({ type: 'bundle' })).toThrow(InvalidAttackBundleError);
    expect(() => reduceAttackBundle('nope')).toThrow(InvalidAttackBundleError);
  });
});
