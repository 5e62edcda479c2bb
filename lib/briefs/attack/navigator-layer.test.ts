import { describe, expect, it } from 'vitest';
import { ENTERPRISE_TACTICS, TechniqueCatalog } from '@/lib/briefs/attack/catalog';
import {
  buildNavigatorLayer,
  gradientColor,
  toLayerComment,
} from '@/lib/briefs/attack/navigator-layer';
import { withFacetValue } from '@/lib/briefs/filter/edit';
import { emptyFilter } from '@/lib/briefs/filter/url';
import { makeBrief } from '@/test/support/test-briefs';

const catalog = (attackVersion: string | null) =>
  new TechniqueCatalog({
    source: 'test',
    attackVersion,
    tactics: [...ENTERPRISE_TACTICS],
    techniques: [
      {
        id: 'T1059',
        name: 'Command and Scripting Interpreter',
        tactics: ['execution'],
        parent: null,
      },
      { id: 'T1059.001', name: 'PowerShell', tactics: ['execution'], parent: 'T1059' },
      {
        id: 'T1078',
        name: 'Valid Accounts',
        tactics: ['initial-access', 'persistence'],
        parent: null,
      },
    ],
  });

const options = {
  filter: withFacetValue(emptyFilter(), 'severity', 'critical'),
  origin: 'http://dash.test',
  source: 'CraftedSignal threat feed, live',
};

describe('buildNavigatorLayer', () => {
  const briefs = [
    makeBrief({ title: 'One', techniques: ['T1059', 'T1059.001'] }),
    makeBrief({ title: 'Two', techniques: ['T1059.001', 'T1078'] }),
    makeBrief({ title: 'Three', techniques: ['T1059.001', 'T4242'] }),
  ];
  const layer = buildNavigatorLayer(briefs, catalog('17.1'), options);

  it('carries the 4.5 header fields', () => {
    expect(layer).toMatchObject({
      versions: { attack: '17', navigator: '5.1.0', layer: '4.5' },
      domain: 'enterprise-attack',
      hideDisabled: false,
      selectTechniquesAcrossTactics: true,
      sorting: 3,
      layout: { layout: 'side', expandedSubtechniques: 'annotated' },
    });
    expect(layer.name).toBe('CraftedSignal briefs: Severity: critical');
    expect(layer.description).toContain('3 briefs matching: Severity: critical');
    expect(layer.description).toContain('Source: CraftedSignal threat feed, live');
    expect(layer.description).toContain('http://dash.test/attack?severity=critical');
  });

  it('scores each id with the briefs carrying exactly it, once per known tactic', () => {
    expect(layer.techniques.map((t) => [t.techniqueID, t.tactic, t.score])).toEqual([
      ['T1059', 'execution', 1],
      ['T1059.001', 'execution', 3],
      ['T1078', 'initial-access', 1],
      ['T1078', 'persistence', 1],
      ['T4242', undefined, 1],
    ]);
    expect(layer.techniques.every((t) => t.enabled === true)).toBe(true);
    expect('tactic' in layer.techniques.find((t) => t.techniqueID === 'T4242')!).toBe(false);
  });

  it('comments with the brief titles and links back to the filtered list', () => {
    const t = layer.techniques.find((x) => x.techniqueID === 'T1059.001')!;
    expect(t.comment).toBe('3 briefs: One; Two; Three');
    expect(t.links).toEqual([
      {
        label: 'Briefs in the dashboard',
        url: 'http://dash.test/?severity=critical&technique=T1059.001',
      },
    ]);
    expect(layer.techniques.find((x) => x.techniqueID === 'T1059')!.showSubtechniques).toBe(true);
  });

  it('spans the gradient over the scores and explains it in the legend', () => {
    expect(layer.gradient).toEqual({
      colors: ['#dbeafe', '#60a5fa', '#1d4ed8'],
      minValue: 0,
      maxValue: 3,
    });
    expect(layer.legendItems.map((l) => l.label)).toEqual(['1 brief', '2 briefs', '3 briefs']);
    expect(layer.legendItems.at(-1)!.color).toBe('#1d4ed8');
  });

  it('falls back to ATT&CK 18 and stays valid without briefs', () => {
    const empty = buildNavigatorLayer([], catalog(null), { ...options, filter: emptyFilter() });
    expect(empty.versions.attack).toBe('18');
    expect(empty.techniques).toEqual([]);
    expect(empty.gradient.maxValue).toBeGreaterThan(empty.gradient.minValue);
    expect(empty.name).toBe('CraftedSignal briefs: all briefs');
  });
});

describe('toLayerComment', () => {
  it('caps the number of titles and the length', () => {
    const titles = Array.from({ length: 25 }, (_, i) => `Title ${i + 1}`);
    expect(toLayerComment(titles)).toMatch(/^25 briefs: Title 1; .*Title 10; … and 15 more$/);
    const long = toLayerComment(Array.from({ length: 10 }, () => 'x'.repeat(500)));
    expect(long.length).toBeLessThanOrEqual(1000);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('gradientColor', () => {
  it('interpolates between the stops', () => {
    expect(gradientColor(0, 0, 4)).toBe('#dbeafe');
    expect(gradientColor(2, 0, 4)).toBe('#60a5fa');
    expect(gradientColor(4, 0, 4)).toBe('#1d4ed8');
  });
});
