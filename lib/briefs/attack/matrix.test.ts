import { describe, expect, it } from 'vitest';
import { ENTERPRISE_TACTICS, TechniqueCatalog } from '@/lib/briefs/attack/catalog';
import { buildAttackMatrix, toShade, toShadeLegend } from '@/lib/briefs/attack/matrix';
import { makeBrief } from '@/test/support/test-briefs';

const testCatalog = new TechniqueCatalog({
  source: 'test',
  attackVersion: '17.1',
  tactics: [...ENTERPRISE_TACTICS],
  techniques: [
    {
      id: 'T1059',
      name: 'Command and Scripting Interpreter',
      tactics: ['execution'],
      parent: null,
    },
    { id: 'T1059.001', name: 'PowerShell', tactics: ['execution'], parent: 'T1059' },
    { id: 'T1059.003', name: 'Windows Command Shell', tactics: ['execution'], parent: 'T1059' },
    {
      id: 'T1190',
      name: 'Exploit Public-Facing Application',
      tactics: ['initial-access'],
      parent: null,
    },
    {
      id: 'T1078',
      name: 'Valid Accounts',
      tactics: ['defense-evasion', 'persistence', 'privilege-escalation', 'initial-access'],
      parent: null,
    },
    // A sub-technique without tactics of its own takes its parent's.
    { id: 'T1078.004', name: 'Cloud Accounts', tactics: [], parent: 'T1078' },
  ],
});

const column = (matrix: ReturnType<typeof buildAttackMatrix>, shortname: string) =>
  matrix.columns.find((c) => c.tactic.shortname === shortname)!;

describe('buildAttackMatrix', () => {
  const briefs = [
    makeBrief({ techniques: ['T1059', 'T1059.001', 'T1190'] }),
    makeBrief({ techniques: ['T1059.001'] }),
    makeBrief({ techniques: ['T1059.003', 'T1078.004'] }),
    makeBrief({ techniques: ['T1190'] }),
    makeBrief({ techniques: [{ id: 'T9999', name: 'Made up', tactics: [] }] }),
    makeBrief({ techniques: [{ id: 'T8888', name: 'From the brief', tactics: ['impact'] }] }),
    makeBrief({}),
  ];
  const matrix = buildAttackMatrix(briefs, testCatalog);

  it('has the 14 tactic columns in matrix order', () => {
    expect(matrix.columns.map((c) => c.tactic.shortname)).toEqual(
      ENTERPRISE_TACTICS.map((t) => t.shortname),
    );
  });

  it('folds sub-techniques under their parent, counting each brief once', () => {
    const [cell] = column(matrix, 'execution').cells;
    expect(cell).toMatchObject({
      id: 'T1059',
      name: 'Command and Scripting Interpreter',
      count: 3,
      ownCount: 1,
    });
    expect(cell!.subtechniques).toEqual([
      { id: 'T1059.001', name: 'PowerShell', count: 2, shade: expect.any(Number) },
      { id: 'T1059.003', name: 'Windows Command Shell', count: 1, shade: expect.any(Number) },
    ]);
  });

  it('shows a parent that no brief carries itself when a sub-technique is carried', () => {
    for (const tactic of [
      'defense-evasion',
      'persistence',
      'privilege-escalation',
      'initial-access',
    ]) {
      const cell = column(matrix, tactic).cells.find((c) => c.id === 'T1078');
      expect(cell, tactic).toMatchObject({
        count: 1,
        ownCount: 0,
        subtechniques: [{ id: 'T1078.004', count: 1 }],
      });
    }
  });

  it('sorts cells by count and counts the briefs of a column', () => {
    const initial = column(matrix, 'initial-access');
    expect(initial.cells.map((c) => [c.id, c.count])).toEqual([
      ['T1190', 2],
      ['T1078', 1],
    ]);
    expect(initial.briefCount).toBe(3);
  });

  it('places a technique by the tactics the brief gave it when the catalog does not know it', () => {
    expect(column(matrix, 'impact').cells).toMatchObject([
      { id: 'T8888', name: 'From the brief', count: 1 },
    ]);
  });

  it('lists techniques with no known tactic apart', () => {
    expect(matrix.unknownTactic).toEqual([{ id: 'T9999', name: 'Made up', count: 1 }]);
  });

  it('shades on one scale up to the largest cell', () => {
    expect(matrix.maxCount).toBe(3);
    expect(column(matrix, 'execution').cells[0]!.shade).toBe(4);
    expect(column(matrix, 'initial-access').cells.map((c) => c.shade)).toEqual([3, 2]);
    expect(matrix).toMatchObject({ briefCount: 7, briefsWithTechniques: 6, techniqueCount: 7 });
  });

  it('is empty but complete without briefs', () => {
    const empty = buildAttackMatrix([], testCatalog);
    expect(empty.columns).toHaveLength(14);
    expect(empty.columns.every((c) => c.cells.length === 0)).toBe(true);
    expect(empty).toMatchObject({ maxCount: 0, legend: [], unknownTactic: [] });
  });

  it('matches ids case-insensitively and counts a brief once per id', () => {
    const m = buildAttackMatrix(
      [makeBrief({ techniques: ['t1190', 'T1190'] }), makeBrief({ techniques: ['T1190'] })],
      testCatalog,
    );
    expect(column(m, 'initial-access').cells).toMatchObject([{ id: 'T1190', count: 2 }]);
  });
});

describe('shading', () => {
  it('splits 1..max into equal shares', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => toShade(n, 10))).toEqual([
      1, 1, 2, 2, 2, 3, 3, 4, 4, 4,
    ]);
    expect(toShadeLegend(10)).toEqual([
      { shade: 1, min: 1, max: 2 },
      { shade: 2, min: 3, max: 5 },
      { shade: 3, min: 6, max: 7 },
      { shade: 4, min: 8, max: 10 },
    ]);
  });

  it('leaves out the shades a small scale never reaches', () => {
    expect(toShadeLegend(1)).toEqual([{ shade: 4, min: 1, max: 1 }]);
    expect(toShadeLegend(2)).toEqual([
      { shade: 2, min: 1, max: 1 },
      { shade: 4, min: 2, max: 2 },
    ]);
    expect(toShade(0, 5)).toBe(0);
  });

  it('agrees with the legend for every count', () => {
    for (const max of [1, 2, 3, 7, 13, 100]) {
      const legend = toShadeLegend(max);
      for (let n = 1; n <= max; n++) {
        const range = legend.find((r) => n >= r.min && n <= r.max);
        expect(range?.shade, `${n} of ${max}`).toBe(toShade(n, max));
      }
    }
  });
});
