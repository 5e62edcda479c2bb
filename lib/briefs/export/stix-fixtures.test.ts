import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '@/lib/briefs/attack/catalog';
import { buildStixBundle } from '@/lib/briefs/export/stix';
import { toIndexedBrief, type IndexedBrief } from '@/lib/briefs/types';
import { normalizeItem } from '@/lib/feed/ingest/normalize';
import { indexStixBundle } from '@/lib/feed/ingest/stix';
import { getFixture } from '@/dev/fixtures';
import { makeBrief } from '@/test/support/test-briefs';
import { hasStixSchemas, loadStixValidator } from '@/test/support/stix-schemas';

// Every object of the STIX export of every fixture feed (the hostile corpus included) validates
// against the OASIS STIX 2.1 JSON schemas, object by object.

function briefsOf(name: string): IndexedBrief[] {
  const fixture = getFixture(name);
  const stix = fixture.stix ? indexStixBundle(fixture.stix) : null;
  const ctx = { catalog: loadBundledCatalog(), stixTechniques: stix?.lookup };
  const items =
    fixture.items ??
    (fixture.pages?.('http://upstream.test') ?? []).flatMap(
      (page) => (page as { items?: unknown[] }).items ?? [],
    );
  return items.flatMap((raw) => {
    const result = normalizeItem(raw, ctx);
    return result.ok ? [toIndexedBrief(result.brief)] : [];
  });
}

describe.skipIf(!hasStixSchemas)('the STIX export of every fixture feed', () => {
  const validator = hasStixSchemas ? loadStixValidator() : null!;

  it.each(['basic', 'hostile', 'malformed', 'v1', 'demo', 'synth-400'])(
    '%s: every object validates',
    (name) => {
      const briefs = briefsOf(name);
      expect(briefs.length).toBeGreaterThan(0);
      const bundle = buildStixBundle(briefs, 'http://dash.test');
      expect(validator.validateBundle(bundle)).toEqual([]);
    },
  );

  it('writes no kill_chain_phases for a technique with no known tactic', () => {
    const brief = makeBrief({
      slug: 'no-tactic',
      techniques: [{ id: 'T9999', name: 'Unknown to the catalog', tactics: [] }],
    });
    const bundle = buildStixBundle([brief], 'http://dash.test');
    const pattern = bundle.objects.find((o) => o.type === 'attack-pattern')!;
    expect(pattern).not.toHaveProperty('kill_chain_phases');
    expect(validator.validateBundle(bundle)).toEqual([]);
  });
});
