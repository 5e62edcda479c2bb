import { describe, expect, it } from 'vitest';
import { buildStixBundle } from '@/lib/briefs/export/stix';
import { toStixPattern } from '@/lib/briefs/export/stix-indicators';
import { parseIndicatorPattern } from '@/lib/feed/ingest/stix-indicators';
import { INDICATOR_EXPECTED } from '@/dev/fixtures/indicators';
import { makeBrief } from '@/test/support/test-briefs';
import { hasStixSchemas, loadStixValidator } from '@/test/support/stix-schemas';

const ORIGIN = 'http://dash.test';
const [kindsSlug] = Object.keys(INDICATOR_EXPECTED);
const kinds = INDICATOR_EXPECTED[kindsSlug!]!;

describe('toStixPattern', () => {
  it('maps standard types to their observables, keeps custom types, escapes quotes', () => {
    expect(toStixPattern({ type: 'domain', value: 'c2.example.net' })).toBe(
      "[domain-name:value = 'c2.example.net']",
    );
    expect(toStixPattern({ type: 'sha256', value: 'ab' })).toBe("[file:hashes.'SHA-256' = 'ab']");
    expect(toStixPattern({ type: 'file_name', value: "it's.sh" })).toBe(
      "[file:name = 'it\\'s.sh']",
    );
    expect(toStixPattern({ type: 'url_path', value: '/a' })).toBe("[x-ti-bot:url_path = '/a']");
    expect(toStixPattern({ type: 'domain', value: '*.tk' })).toBe(
      "[domain-name:value LIKE '%.tk']",
    );
  });

  it('round-trips every fixture value through the ingest parser (bar the wildcard)', () => {
    for (const indicator of kinds.indicators) {
      if (indicator.value.startsWith('*.')) continue;
      expect(parseIndicatorPattern(toStixPattern(indicator))).toEqual(indicator);
    }
  });
});

describe('buildStixBundle with indicators and references', () => {
  const brief = makeBrief({ slug: kindsSlug, title: 'Kinds', confidence: kinds.confidence });
  const other = makeBrief({ slug: 'other', title: 'Other' });
  const extras = new Map([
    [kindsSlug!, { indicators: kinds.indicators, references: kinds.references }],
    [
      'other',
      { indicators: [{ type: 'domain', value: 'c2.example.net' }], references: ['VENDOR-1'] },
    ],
  ]);
  const bundle = buildStixBundle([brief, other], ORIGIN, (slug) => extras.get(slug));
  const indicators = bundle.objects.filter((o) => o.type === 'indicator');
  const reports = bundle.objects.filter((o) => o.type === 'report');

  it('has one indicator object per value, referred to by each report carrying it', () => {
    expect(indicators).toHaveLength(kinds.indicators.length);
    const shared = indicators.find((o) => o.pattern === "[domain-name:value = 'c2.example.net']")!;
    for (const report of reports) expect(report.object_refs).toContain(shared.id);
    expect(reports[0]).toMatchObject({ confidence: kinds.confidence });
    expect(reports[0]!.external_references).toEqual(
      expect.arrayContaining([
        { source_name: 'reference', url: 'https://advisories.example.org/ES-2026-0042' },
        { source_name: 'reference', description: 'javascript:alert(1)' },
        { source_name: 'reference', description: 'CVE-2026-55429' },
      ]),
    );
  });

  it.skipIf(!hasStixSchemas)('validates against the OASIS schemas, object by object', () => {
    const validator = loadStixValidator();
    expect(validator.validateBundle(bundle)).toEqual([]);
    for (const object of bundle.objects) expect(validator.validateObject(object)).toEqual([]);
  });
});
