import { describe, expect, it } from 'vitest';
import { buildStixBundle, PRODUCER, toStixObjectsOfBrief } from '@/lib/briefs/export/stix';
import { makeBrief } from '@/test/support/test-briefs';
import { hasStixSchemas, loadStixValidator } from '@/test/support/stix-schemas';

const ORIGIN = 'http://dash.test';

const full = makeBrief({
  slug: 'exchange-rce',
  title: 'Exchange RCE <script>x</script>',
  summary: 'An RCE.',
  date: '2024-05-02T00:00:00Z',
  modified: '2024-05-03T00:00:00Z',
  url: 'https://feed.craftedsignal.io/briefs/exchange-rce/',
  type: 'threat',
  severity: 'high',
  actors: ['APT0'],
  tags: ['initial_access'],
  cves: ['CVE-2024-0001'],
  techniques: [
    { id: 'T1190', name: 'Exploit Public-Facing Application', tactics: ['initial-access'] },
    { id: 'T1059.001', name: 'PowerShell', tactics: ['execution'] },
  ],
});
const bare = makeBrief({ slug: 'bare', title: 'Bare', date: '2024-05-01T00:00:00Z' });
const bundle = buildStixBundle([full, bare], ORIGIN);
const byType = (type: string) => bundle.objects.filter((o) => o.type === type);

describe('buildStixBundle', () => {
  it('has the producer, one report per brief, techniques, CVEs, actors and relationships', () => {
    expect(bundle.objects[0]).toBe(PRODUCER);
    expect(byType('report').map((r) => r.name)).toEqual([
      'Exchange RCE <script>x</script>',
      'Bare',
    ]);
    const [report] = byType('report');
    expect(report).toMatchObject({
      description: 'An RCE.',
      published: '2024-05-02T00:00:00.000Z',
      modified: '2024-05-03T00:00:00.000Z',
      labels: ['type:threat', 'severity:high', 'initial_access'],
      external_references: [
        { source_name: 'threat-brief-dashboard', url: 'http://dash.test/briefs/exchange-rce' },
        { source_name: 'craftedsignal', url: 'https://feed.craftedsignal.io/briefs/exchange-rce/' },
      ],
    });
    const patterns = byType('attack-pattern');
    expect(patterns.map((p) => p.external_references)).toEqual([
      [
        {
          source_name: 'mitre-attack',
          external_id: 'T1190',
          url: 'https://attack.mitre.org/techniques/T1190/',
        },
      ],
      [
        {
          source_name: 'mitre-attack',
          external_id: 'T1059.001',
          url: 'https://attack.mitre.org/techniques/T1059/001/',
        },
      ],
    ]);
    expect(patterns[1]!.kill_chain_phases).toEqual([
      { kill_chain_name: 'mitre-attack', phase_name: 'execution' },
    ]);
    expect(byType('vulnerability').map((v) => v.name)).toEqual(['CVE-2024-0001']);
    expect(byType('relationship').map((r) => r.relationship_type)).toEqual([
      'uses',
      'uses',
      'targets',
    ]);
    const ids = new Set(bundle.objects.map((o) => o.id));
    for (const ref of report!.object_refs as string[]) expect(ids.has(ref)).toBe(true);
    expect(ids.size).toBe(bundle.objects.length);
  });

  it('gives the same ids for the same briefs, wherever they are listed', () => {
    const again = buildStixBundle([full, bare], 'http://other.test');
    expect(again.id).toBe(bundle.id);
    expect(again.objects.map((o) => o.id)).toEqual(bundle.objects.map((o) => o.id));
    expect(toStixObjectsOfBrief(full, ORIGIN)[0]!.id).toBe(byType('report')[0]!.id);
    // A technique is one object, whichever brief names it.
    const other = makeBrief({ slug: 'o', techniques: [{ id: 'T1190', name: 'x', tactics: [] }] });
    expect(toStixObjectsOfBrief(other, ORIGIN)[1]!.id).toBe(byType('attack-pattern')[0]!.id);
  });

  it.skipIf(!hasStixSchemas)('validates against the OASIS STIX 2.1 schemas, every object', () => {
    expect(loadStixValidator().validateBundle(bundle)).toEqual([]);
  });

  it.skipIf(!hasStixSchemas)('the validator catches a broken object (it can fail)', () => {
    const broken = { ...bundle, objects: [{ ...byType('report')[0]!, published: 'yesterday' }] };
    expect(loadStixValidator().validateBundle(broken).length).toBeGreaterThan(0);
  });
});
