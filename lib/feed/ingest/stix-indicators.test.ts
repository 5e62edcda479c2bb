import { describe, expect, it } from 'vitest';
import {
  INDICATOR_EXPECTED,
  indicatorItems,
  indicatorStix,
  MANY_COUNT,
} from '@/dev/fixtures/indicators';
import { readSharedSample } from '@/test/support/shared-samples';
import { indexStixBundle } from './stix';
import { parseIndicatorPattern, parseReference } from './stix-indicators';

describe('parseIndicatorPattern', () => {
  it('reads standard, hash and custom patterns, unescaping quotes', () => {
    expect(parseIndicatorPattern("[url:value = 'http://a.example/x']")).toEqual({
      type: 'url',
      value: 'http://a.example/x',
    });
    expect(parseIndicatorPattern("[domain-name:value = '*.tk']")).toEqual({
      type: 'domain',
      value: '*.tk',
    });
    expect(parseIndicatorPattern("[file:hashes.'SHA-256' = 'ab']")).toEqual({
      type: 'sha256',
      value: 'ab',
    });
    expect(parseIndicatorPattern("[file:hashes.MD5 = 'ab']")).toEqual({ type: 'md5', value: 'ab' });
    expect(parseIndicatorPattern("[x-ti-bot:file_name = 'it\\'s.sh']")).toEqual({
      type: 'file_name',
      value: "it's.sh",
    });
    expect(parseIndicatorPattern("[x-ti-bot:file_path = 'C:\\\\x\\\\y']")?.value).toBe('C:\\x\\y');
  });

  it('refuses compound patterns, unknown objects and odd custom names', () => {
    expect(parseIndicatorPattern("[url:value = 'a'] OR [url:value = 'b']")).toBeNull();
    expect(parseIndicatorPattern("[process:name = 'a']")).toBeNull();
    expect(parseIndicatorPattern("[x-ti-bot:Evil<b> = 'a']")).toBeNull();
    expect(parseIndicatorPattern("[x-ti-bot:file_name = 'unterminated]")).toBeNull();
  });
});

describe('parseReference', () => {
  it('takes a URL, an external id or a bare string; drops control characters', () => {
    expect(parseReference({ source_name: 'reference', url: 'https://a.example/' })).toBe(
      'https://a.example/',
    );
    expect(parseReference({ source_name: 'x', external_id: 'ADV-1' })).toBe('ADV-1');
    expect(parseReference(' CVE-2026-55429 ')).toBe('CVE-2026-55429');
    expect(parseReference('a\nb')).toBeNull();
    expect(parseReference(42)).toBeNull();
  });
});

describe('indexStixBundle extras', () => {
  const index = indexStixBundle(indicatorStix)!;
  const extrasOf = (slug: string) => {
    const n = Object.keys(INDICATOR_EXPECTED).indexOf(slug);
    const item = indicatorItems[n]!;
    return index.extras(String(item.title), String(item.date_published));
  };

  it('gives every fixture brief exactly its expected indicators, references and confidence', () => {
    for (const [slug, expected] of Object.entries(INDICATOR_EXPECTED)) {
      const extras = extrasOf(slug);
      if (expected.confidence === null) {
        expect(extras).toBeUndefined();
        continue;
      }
      expect(extras?.indicators, slug).toEqual(expected.indicators);
      expect(extras?.indicatorsOmitted, slug).toBe(expected.omitted);
      expect(extras?.references, slug).toEqual(expected.references);
      expect(extras?.confidence, slug).toBe(expected.confidence);
    }
  });

  it('caps 10,000 indicators at 1,000 and counts the rest', () => {
    const extras = extrasOf('2026-10-indicators-2')!;
    expect(extras.indicators).toHaveLength(1000);
    expect(extras.indicatorsOmitted).toBe(MANY_COUNT - 1000);
  });

  const sample = readSharedSample('stix-indicators-sample.json');
  it.skipIf(!sample)('reads the upstream-shaped sample', () => {
    const bundle = indexStixBundle(sample)!;
    const extras = bundle.extras(
      'CVE-2099-0001: ExampleSoft Widget Remote Code Execution',
      '2026-01-14T10:20:30Z',
    )!;
    expect(extras.indicators).toEqual([
      { type: 'url', value: 'http://192.0.2.10/stage2.bin' },
      { type: 'domain', value: 'c2.example.net' },
      { type: 'file_name', value: 'widget-dropper.sh' },
    ]);
    expect(extras.confidence).toBe(95);
    expect(extras.references).toHaveLength(2);
    expect(
      bundle.lookup(
        'CVE-2099-0001: ExampleSoft Widget Remote Code Execution',
        '2026-01-14T10:20:30Z',
      ),
    ).toHaveLength(2);
  });
});
