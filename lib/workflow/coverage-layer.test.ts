import { describe, expect, it } from 'vitest';
import { buildGapsLayer, compareCoverage, isCovered, readCoverageLayer } from './coverage-layer';

const layer = (extra: object) =>
  JSON.stringify({
    name: 'SOC detections',
    domain: 'enterprise-attack',
    versions: { attack: '17', navigator: '5.1.0', layer: '4.5' },
    techniques: [],
    ...extra,
  });

function read(text: string) {
  const result = readCoverageLayer(text);
  if (!result.ok) throw new Error(result.error);
  return result.layer;
}
function errorOf(text: string): string {
  const result = readCoverageLayer(text);
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('readCoverageLayer', () => {
  it('covers techniques scored above 0 or listed without a score', () => {
    const got = read(
      layer({
        techniques: [
          { techniqueID: 'T1190', score: 3, tactic: 'initial-access' },
          { techniqueID: 't1059.004' },
          { techniqueID: 'T1486', score: 0 },
          { techniqueID: 'T1078', score: 1, enabled: false },
          { techniqueID: 'T1505.003', score: null, color: '#ff0000' },
        ],
      }),
    );
    expect([...got.covered].sort()).toEqual(['T1059.004', 'T1190', 'T1505.003']);
    expect(got.ignored).toBe(2);
    expect(got.name).toBe('SOC detections');
  });

  it.each(['4.0', '4.1', '4.2', '4.3', '4.4', '4.5'])('reads layer format %s', (version) => {
    const text = layer({ versions: { layer: version }, techniques: [{ techniqueID: 'T1190' }] });
    expect(read(text).layerVersion).toBe(version);
  });

  it('reads a layer that states no version, domain or name', () => {
    const got = read(JSON.stringify({ techniques: [{ techniqueID: 'T1190', score: 1 }] }));
    expect([...got.covered]).toEqual(['T1190']);
    expect(got.layerVersion).toBeNull();
    expect(got.name).toBe('Unnamed layer');
  });

  it.each([
    ['not JSON', '{"techniques": [', /not JSON/],
    ['an array', '[]', /must be a JSON object/],
    ['a STIX bundle', JSON.stringify({ type: 'bundle', objects: [] }), /STIX bundle/],
    [
      'no techniques list',
      JSON.stringify({ name: 'x', domain: 'enterprise-attack' }),
      /techniques is missing or not a list/,
    ],
    [
      'techniques not a list',
      layer({ techniques: { T1190: 1 } }),
      /techniques is missing or not a list/,
    ],
    [
      'a technique without its id',
      layer({ techniques: [{ techniqueID: 'T1190' }, { score: 1 }] }),
      /techniques\.1\.techniqueID is missing/,
    ],
    [
      'a bad technique id',
      layer({ techniques: [{ techniqueID: 'Process Injection' }] }),
      /techniques\.0\.techniqueID "Process Injection" is not an ATT&CK technique id/,
    ],
    [
      'a score that is text',
      layer({ techniques: [{ techniqueID: 'T1190', score: 'high' }] }),
      /techniques\.0\.score/,
    ],
    [
      'layer format 3',
      layer({ versions: undefined, version: '3.0' }),
      /Layer format "3\.0" is not supported.*4\.x/,
    ],
    [
      'layer format 5',
      layer({ versions: { layer: '5.0' } }),
      /Layer format "5\.0" is not supported/,
    ],
    [
      'the mobile domain',
      layer({ domain: 'mobile-attack' }),
      /"mobile-attack" domain.*enterprise-attack/,
    ],
    ['the ICS domain', layer({ domain: 'ics-attack' }), /"ics-attack" domain/],
  ])('explains %s', (_, text, message) => {
    expect(errorOf(text)).toMatch(message);
  });

  it('refuses a file over the size cap', () => {
    expect(errorOf(' '.repeat(10 * 1024 * 1024 + 1))).toMatch(/larger than 10 MB/);
  });
});

describe('isCovered', () => {
  const covered = new Set(['T1059', 'T1078.004', 'T1190']);
  it.each([
    ['T1190', true],
    ['t1190', true],
    ['T1059.001', true], // by its parent
    ['T1078', true], // by one of its sub-techniques
    ['T1078.002', false],
    ['T1486', false],
  ])('%s -> %s', (id, expected) => {
    expect(isCovered(covered, id)).toBe(expected);
  });
});

describe('compareCoverage and buildGapsLayer', () => {
  const techniques = [
    { id: 'T1190', name: 'Exploit Public-Facing Application', count: 9 },
    { id: 'T1486', name: 'Data Encrypted for Impact', count: 2 },
    { id: 'T1059.004', name: 'Unix Shell', count: 1 },
    { id: 'T1621', name: null, count: 2 },
  ];

  it('splits the view techniques, most briefs first', () => {
    const result = compareCoverage(techniques, new Set(['T1190', 'T1059']));
    expect(result.covered.map((t) => t.id)).toEqual(['T1190', 'T1059.004']);
    expect(result.uncovered.map((t) => t.id)).toEqual(['T1486', 'T1621']);
  });

  it('writes the gaps as a Navigator 4.5 layer that the reader reads back', () => {
    const { uncovered } = compareCoverage(techniques, new Set(['T1190']));
    const gaps = buildGapsLayer(uncovered, {
      coverageName: 'SOC detections',
      viewWords: 'Severity: critical',
      viewUrl: 'https://briefs.example.org/attack?severity=critical',
    });
    expect(gaps.versions.layer).toBe('4.5');
    expect(gaps.domain).toBe('enterprise-attack');
    expect(gaps.techniques.map((t) => [t.techniqueID, t.score])).toEqual([
      ['T1486', 2],
      ['T1621', 2],
      ['T1059.004', 1],
    ]);
    expect([...read(JSON.stringify(gaps)).covered].sort()).toEqual(['T1059.004', 'T1486', 'T1621']);
  });
});
