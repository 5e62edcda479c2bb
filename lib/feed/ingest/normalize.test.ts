import { describe, expect, it } from 'vitest';
import { readSharedSample } from '@/test/support/shared-samples';
import {
  ENTERPRISE_TACTICS,
  TechniqueCatalog,
  loadBundledCatalog,
} from '@/lib/briefs/attack/catalog';
import {
  LIMITS,
  UNKNOWN_DATE,
  normalizeItem,
  parseAffectedProduct,
  type NormalizeContext,
} from './normalize';
import { slugFrom } from '@/lib/briefs/brief-slug';
import type { Brief } from '@/lib/briefs/types';

const catalog = new TechniqueCatalog({
  source: 'test',
  attackVersion: null,
  tactics: ENTERPRISE_TACTICS.slice(),
  techniques: [
    {
      id: 'T1059',
      name: 'Command and Scripting Interpreter',
      tactics: ['execution'],
      parent: null,
    },
    { id: 'T1059.004', name: 'Unix Shell', tactics: [], parent: 'T1059' },
    {
      id: 'T1190',
      name: 'Exploit Public-Facing Application',
      tactics: ['initial-access'],
      parent: null,
    },
    { id: 'T1485', name: 'Data Destruction', tactics: ['impact'], parent: null },
  ],
});
const ctx: NormalizeContext = { catalog };

/** A minimal valid 1.1 item; tests override fields. */
function item(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'https://feed.example/briefs/2025-03-router-takeover/',
    url: 'https://feed.example/briefs/2025-03-router-takeover/',
    title: 'Router takeover through a management API flaw',
    summary: 'Unauthenticated requests reach an admin endpoint.',
    content_html: '<p>Body.</p>',
    date_published: '2025-03-04T08:00:00Z',
    ...overrides,
  };
}

function brief(raw: unknown, context: NormalizeContext = ctx): Brief {
  const result = normalizeItem(raw, context);
  if (!result.ok) throw new Error(`skipped: ${result.reason}`);
  return result.brief;
}

function skipReason(raw: unknown): string | null {
  const result = normalizeItem(raw, ctx);
  return result.ok ? null : result.reason;
}

const samplePage = readSharedSample<{ items: Record<string, unknown>[] }>(
  'seed-products-s3-feed.json',
);

describe.skipIf(!samplePage)('normalizeItem: the real sample item', () => {
  const raw = () => samplePage!.items[0]!;
  const b = () => brief(raw(), { catalog: loadBundledCatalog() });

  it('maps the facts', () => {
    expect(b()).toMatchObject({
      slug: '2024-01-aws-bucket-deletion',
      title: raw().title,
      date: '2024-01-02T14:27:00.000Z',
      modified: '2024-01-02T14:27:00.000Z',
      url: 'https://feed.craftedsignal.io/briefs/2024-01-aws-bucket-deletion/',
      type: 'advisory',
      severity: 'medium',
      severities: ['medium'],
      vendors: ['Amazon'],
      products: ['S3'],
      affected: [{ name: 'S3', version: null }],
      actors: [],
      tags: ['cloud', 'aws', 's3', 'data_loss'],
      exploited: false,
      hasPoc: false,
      cves: [],
      pocReferences: [],
      cpes: [],
      techniques: [],
      tactics: [],
      summary: raw().summary,
    });
  });

  it('carries sanitised content, sections and search text', () => {
    const { contentHtml, sections, text } = b();
    expect(contentHtml).toContain('<h2 id="attack-chain">Attack Chain</h2>');
    expect(sections.attackChain).toHaveLength(7);
    expect(sections.recommendations).toHaveLength(6);
    expect(text.split('\n')[0]).toContain('DeleteBucket'); // the overview paragraph comes first
    expect(text).toContain('\nAttack Chain\n');
    expect(text).not.toContain('<');
  });
});

describe('normalizeItem: skips', () => {
  it.each([null, undefined, 'a string', 42, true, [item()]])('%j is not-an-object', (raw) => {
    expect(skipReason(raw)).toBe('not-an-object');
  });

  it.each([
    ['missing', { title: undefined }],
    ['blank', { title: '   \n ' }],
    ['an array', { title: ['Router takeover'] }],
    ['an object', { title: { text: 'x' } }],
  ])('a fallback title, flagged untitled, when the title is %s', (_case, overrides) => {
    const b = brief(item(overrides));
    expect(b.untitled).toBe(true);
    expect(b.title).not.toBe('');
    expect(b.summary.startsWith(b.title.replace(/…$/, ''))).toBe(true);
  });

  it('falls back to the slug when there is no title and no text either', () => {
    const b = brief(item({ title: undefined, summary: undefined, content_html: undefined }));
    expect(b.title).toBe(b.slug);
    expect(b.untitled).toBe(true);
    expect(brief(item()).untitled).toBeUndefined();
  });

  it.each([
    ['no id or url', { id: undefined, url: undefined }],
    ['only a site root', { id: 'https://feed.example/', url: 'https://feed.example/' }],
    ['a urn id', { id: 'urn:uuid:8f3c2a', url: undefined }],
    ['markup characters', { id: '/briefs/a%3Cb%3E/', url: undefined }],
    ['a percent sign', { id: '/briefs/a%25b/', url: undefined }],
    ['malformed percent-encoding', { id: '/briefs/a%ZZ/', url: undefined }],
    ['a bidi override', { id: '/briefs/a%E2%80%AEb/', url: undefined }],
    ['a javascript: url and no id', { id: undefined, url: 'javascript:alert(1)//x' }],
    ['a slug of dots only', { id: '/briefs/.../', url: undefined }],
  ])('no-id with %s', (_case, overrides) => {
    expect(skipReason(item(overrides))).toBe('no-id');
  });
});

describe('normalizeItem: slug and url', () => {
  it('keeps non-ASCII ids: percent-decoded, NFC-normalised, lower-cased', () => {
    expect(brief(item({ id: '/briefs/zz-unicode-%C3%BC/', url: undefined })).slug).toBe(
      'zz-unicode-ü',
    );
    // The decomposed spelling (u + combining diaeresis) is the same slug.
    expect(brief(item({ id: '/briefs/ZZ-Unicode-u\u0308/', url: undefined })).slug).toBe(
      'zz-unicode-ü',
    );
    expect(brief(item({ id: '/briefs/caf%C3%A9/', url: undefined })).slug).toBe('café');
  });

  it('takes the slug from a path id (older output) and keeps the http(s) url', () => {
    const b = brief(item({ id: '/briefs/2024-01-Old-Style/', url: undefined }));
    expect(b.slug).toBe('2024-01-old-style');
    expect(b.url).toBeNull();
  });

  it('prefers the url over the id', () => {
    expect(
      brief(item({ id: '/briefs/from-id/', url: 'https://feed.example/briefs/from-url/' })).slug,
    ).toBe('from-url');
  });

  it('falls back to the id when the url is not http(s), and drops that url', () => {
    const b = brief(
      item({ id: 'https://feed.example/briefs/safe-one/', url: 'javascript:alert(1)' }),
    );
    expect(b.slug).toBe('safe-one');
    expect(b.url).toBeNull();
  });

  it('slugFrom handles paths, full URLs and query strings', () => {
    expect(slugFrom('/briefs/2024-01-aws-bucket-deletion/')).toBe('2024-01-aws-bucket-deletion');
    expect(slugFrom('https://feed.example/briefs/x.y_z-1?ref=rss#top')).toBe('x.y_z-1');
    expect(slugFrom('plain-id')).toBe('plain-id');
    expect(slugFrom('')).toBeNull();
    expect(slugFrom(undefined)).toBeNull();
  });
});

describe('normalizeItem: the two feed variants', () => {
  const facts11 = {
    _cs_type: 'threat',
    _cs_severities: ['high'],
    _cs_products: ['EdgeGate (< 4.2)'],
    _cs_vendors: ['Examplecorp'],
    _cs_actors: ['Grey Heron'],
    _cs_tags: ['initial_access', 'router'],
    _cs_exploited: true,
    _cs_cves: [{ id: 'CVE-2025-11111', cvss: 9.8 }],
  };
  const facts10 = {
    type: 'threat',
    severities: ['high'],
    products: ['EdgeGate (< 4.2)'],
    vendors: ['Examplecorp'],
    actors: ['Grey Heron'],
    tags: ['initial_access', 'router'],
    exploited: true,
    cves: [{ id: 'CVE-2025-11111', cvss: 9.8 }],
  };
  const expected = {
    type: 'threat',
    severity: 'high',
    products: ['EdgeGate'],
    affected: [{ name: 'EdgeGate', version: '< 4.2' }],
    vendors: ['Examplecorp'],
    actors: ['Grey Heron'],
    tags: ['initial_access', 'router'],
    tactics: ['initial-access'],
    exploited: true,
    cves: [{ id: 'CVE-2025-11111', cvss: 9.8 }],
  };

  it('reads JSON Feed 1.1 with _cs_ fields', () => {
    expect(brief(item(facts11))).toMatchObject({ ...expected, date: '2025-03-04T08:00:00.000Z' });
  });

  it('reads the unprefixed JSON Feed 1.0 variant with `date`', () => {
    const raw = item({ ...facts10, date_published: undefined, date: '2025-02-01T10:30:00+02:00' });
    expect(brief(raw)).toMatchObject({ ...expected, date: '2025-02-01T08:30:00.000Z' });
  });

  it('lets the prefixed field win when both exist', () => {
    const b = brief(
      item({
        ...facts10,
        _cs_type: 'advisory',
        _cs_severities: ['low'],
        _cs_tags: [],
        _cs_exploited: false,
      }),
    );
    expect(b).toMatchObject({
      type: 'advisory',
      severity: 'low',
      tags: [],
      exploited: false,
      actors: ['Grey Heron'],
    });
  });

  it('falls back to the unprefixed field when the prefixed one is null or unusable', () => {
    expect(brief(item({ _cs_type: null, type: 'threat' })).type).toBe('threat');
    expect(brief(item({ _cs_exploited: 'maybe', exploited: 'true' })).exploited).toBe(true);
    expect(brief(item({ _cs_actors: 17, actors: ['Grey Heron'] })).actors).toEqual(['Grey Heron']);
    expect(brief(item({ _cs_cves: false, cves: ['CVE-2025-0001'] })).cves).toEqual([
      { id: 'CVE-2025-0001', cvss: null },
    ]);
  });
});

describe('normalizeItem: coercion of bad fields', () => {
  it('accepts a string where an array belongs', () => {
    const b = brief(
      item({ _cs_tags: 'ransomware', _cs_vendors: 'Examplecorp', _cs_severities: 'critical' }),
    );
    expect(b.tags).toEqual(['ransomware']);
    expect(b.vendors).toEqual(['Examplecorp']);
    expect(b.severity).toBe('critical');
  });

  it('drops nulls and non-strings in arrays, trims, and dedupes case-insensitively keeping the first spelling', () => {
    const b = brief(
      item({
        _cs_tags: [' Phishing ', null, 7, 'phishing', '', 'PHISHING', { x: 1 }, 'Email  lure'],
      }),
    );
    expect(b.tags).toEqual(['Phishing', 'Email lure']);
  });

  it('ignores fields of the wrong type', () => {
    const b = brief(
      item({ _cs_actors: { name: 'x' }, _cs_exploited: 3, _cs_cves: 'not-a-cve', summary: ['x'] }),
    );
    expect(b.actors).toEqual([]);
    expect(b.exploited).toBeNull();
    expect(b.cves).toEqual([]);
    expect(b.summary).toBe('Body.');
  });

  it('reads exploited from booleans and their string spellings only', () => {
    expect(brief(item({ _cs_exploited: 'TRUE' })).exploited).toBe(true);
    expect(brief(item({ _cs_exploited: ' false ' })).exploited).toBe(false);
    expect(brief(item({ _cs_exploited: 'yes' })).exploited).toBeNull();
    expect(brief(item({})).exploited).toBeNull();
  });

  it('takes the first valid severity, lower-cased, with rumor spelled rumour', () => {
    expect(brief(item({ _cs_severities: ['urgent', 'HIGH', 'low'] }))).toMatchObject({
      severity: 'high',
      severities: ['high', 'low'],
    });
    expect(brief(item({ _cs_severities: ['Rumor', 'rumour'] }))).toMatchObject({
      severity: 'rumour',
      severities: ['rumour'],
    });
    expect(brief(item({ _cs_severities: ['unknown'] })).severity).toBeNull();
  });

  it('maps the type, with rule -> coverage', () => {
    expect(brief(item({ _cs_type: 'Rule' })).type).toBe('coverage');
    expect(brief(item({ _cs_type: ' ADVISORY ' })).type).toBe('advisory');
    expect(brief(item({ _cs_type: ['rumour'] })).type).toBe('rumour');
    expect(brief(item({ _cs_type: 'newsletter' })).type).toBeNull();
  });

  it('splits product versions and lists unique names', () => {
    const b = brief(
      item({
        _cs_products: [
          'EdgeGate (< 4.2)',
          'EdgeGate (>= 5.0, < 5.1.3)',
          'Portal',
          'portal',
          'Suite (Pro) (2.x)',
        ],
      }),
    );
    expect(b.affected).toEqual([
      { name: 'EdgeGate', version: '< 4.2' },
      { name: 'EdgeGate', version: '>= 5.0, < 5.1.3' },
      { name: 'Portal', version: null },
      { name: 'Suite (Pro)', version: '2.x' },
    ]);
    expect(b.products).toEqual(['EdgeGate', 'Portal', 'Suite (Pro)']);
    expect(parseAffectedProduct('(only parens)')).toEqual({ name: '(only parens)', version: null });
    expect(parseAffectedProduct('Thing ()')).toEqual({ name: 'Thing', version: null });
  });

  it('normalises CVEs from objects and strings', () => {
    const b = brief(
      item({
        _cs_cves: [
          'cve-2024-0001',
          { id: 'CVE-2024-0002', cvss: 11 },
          { id: 'CVE-2024-0003', cvss: '7.5' },
          { id: 'CVE-2024-1', cvss: 5 },
          { id: 'CVE-2024-0001', cvss: 6.1 },
          { cvss: 4 },
          null,
          { id: 'CVE-2024-0004', cvss: -1 },
          ' CVE-2024-123456 ',
        ],
      }),
    );
    expect(b.cves).toEqual([
      { id: 'CVE-2024-0001', cvss: 6.1 },
      { id: 'CVE-2024-0002', cvss: null },
      { id: 'CVE-2024-0003', cvss: 7.5 },
      { id: 'CVE-2024-0004', cvss: null },
      { id: 'CVE-2024-123456', cvss: null },
    ]);
  });

  it('keeps only http(s) PoC references and derives hasPoc from them', () => {
    const b = brief(
      item({
        _cs_poc_references: [
          'https://example.org/poc',
          'javascript:alert(1)',
          'ftp://x/y',
          'not a url',
          5,
        ],
      }),
    );
    expect(b.pocReferences).toEqual(['https://example.org/poc']);
    expect(b.hasPoc).toBe(true);
    expect(brief(item({ _cs_has_poc: true })).hasPoc).toBe(true);
    expect(brief(item({ _cs_has_poc: 'false', _cs_poc_references: ['javascript:x'] })).hasPoc).toBe(
      false,
    );
  });

  it('keeps only CPE strings', () => {
    const b = brief(
      item({
        _cs_cpes: [
          'cpe:2.3:a:examplecorp:edgegate:*:*:*:*:*:*:*:*',
          'edgegate',
          null,
          'cpe:2.3:a:examplecorp:edgegate:*:*:*:*:*:*:*:*',
        ],
      }),
    );
    expect(b.cpes).toEqual(['cpe:2.3:a:examplecorp:edgegate:*:*:*:*:*:*:*:*']);
  });

  it('caps title, summary and facet values', () => {
    const b = brief(
      item({ title: 'T'.repeat(900), summary: 'S'.repeat(5000), _cs_tags: ['x'.repeat(300)] }),
    );
    expect(b.title).toHaveLength(LIMITS.title);
    expect(b.summary).toHaveLength(LIMITS.summary);
    expect(b.tags[0]).toHaveLength(LIMITS.facetValue);
  });

  it('does not split a surrogate pair when capping', () => {
    const b = brief(item({ title: `${'a'.repeat(499)}😀tail` }));
    expect(b.title).toBe('a'.repeat(499));
  });

  it('keeps text fields as text', () => {
    const b = brief(
      item({ title: '<img src=x onerror=alert(1)> Patch now', _cs_tags: ['<b>bold</b>'] }),
    );
    expect(b.title).toBe('<img src=x onerror=alert(1)> Patch now');
    expect(b.tags).toEqual(['<b>bold</b>']);
  });
});

describe('normalizeItem: dates', () => {
  it('outputs ISO strings', () => {
    expect(
      brief(item({ date_published: '2025-03-04', date_modified: '2025-03-05T01:02:03+01:00' })),
    ).toMatchObject({
      date: '2025-03-04T00:00:00.000Z',
      modified: '2025-03-05T00:02:03.000Z',
    });
  });

  it('falls back to date_modified when the publication date does not parse', () => {
    const b = brief(
      item({ date_published: 'last Tuesday-ish', date_modified: '2025-03-09T12:00:00Z' }),
    );
    expect(b.date).toBe('2025-03-09T12:00:00.000Z');
  });

  it('uses the 1.0 date when date_published is unusable', () => {
    expect(brief(item({ date_published: 'soon', date: '2025-01-01T00:00:00Z' })).date).toBe(
      '2025-01-01T00:00:00.000Z',
    );
  });

  it('reads RFC 3339 only, zone-less times as UTC', () => {
    expect(brief(item({ date_published: '2025-03-04 10:11' })).date).toBe(
      '2025-03-04T10:11:00.000Z',
    );
    expect(brief(item({ date_published: '2025-03-04T10:11:12.5-0130' })).date).toBe(
      '2025-03-04T11:41:12.500Z',
    );
    expect(brief(item({ date_published: '2025-02-30' })).date).toBe(UNKNOWN_DATE);
    expect(brief(item({ date_published: '2025-13-45T99:00:00Z' })).date).toBe(UNKNOWN_DATE);
    expect(brief(item({ date_published: 'Tue, 04 Mar 2025 08:00:00 GMT' })).date).toBe(
      UNKNOWN_DATE,
    );
  });

  it('keeps an undated item with the epoch as its date', () => {
    const b = brief(item({ date_published: 'never', date_modified: 12 }));
    expect(b.date).toBe(UNKNOWN_DATE);
    expect(b.modified).toBeNull();
  });
});

describe('normalizeItem: content', () => {
  it('sanitises content_html and extracts sections from it', () => {
    const b = brief(
      item({
        content_html:
          '<p onclick="x()">Lead.</p><script>alert(1)</script><h2 id="attack-chain">Attack chain</h2><ol><li>Scan</li><li>Exploit <code>/api/admin</code></li></ol>',
      }),
    );
    expect(b.contentHtml).toBe(
      '<p>Lead.</p><h2 id="attack-chain">Attack chain</h2><ol><li>Scan</li><li>Exploit <code>/api/admin</code></li></ol>',
    );
    expect(b.sections.attackChain.map((s) => s.text)).toEqual(['Scan', 'Exploit /api/admin']);
    expect(b.text).toBe('Lead.\n\nAttack chain\nScan\nExploit /api/admin');
  });

  it('derives a summary from the body when there is none', () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const b = brief(item({ summary: undefined, content_html: `<h2>Overview</h2><p>${words}</p>` }));
    expect(b.summary.endsWith('…')).toBe(true);
    expect(b.summary.length).toBeLessThanOrEqual(LIMITS.derivedSummary + 1);
    expect(b.summary.startsWith('word0 word1 word2')).toBe(true);
    expect(b.summary.slice(0, -1)).not.toMatch(/\s$/);
  });

  it('uses content_text, as text, when there is no content_html', () => {
    const b = brief(
      item({ content_html: undefined, content_text: 'First <b>para</b>.\n\nSecond para.' }),
    );
    expect(b.contentHtml).toBe('<p>First &#x3C;b>para&#x3C;/b>.</p><p>Second para.</p>');
    expect(b.text).toBe('First <b>para</b>.\n\nSecond para.');
  });

  it('copes with no content at all', () => {
    const b = brief(item({ content_html: undefined, summary: undefined }));
    expect(b).toMatchObject({ contentHtml: '', text: '', summary: '' });
    expect(b.sections.outline).toEqual([]);
  });
});

describe('normalizeItem: techniques and tactics', () => {
  it('merges STIX, tag and body techniques, names them and sorts by id', () => {
    const calls: [string, string][] = [];
    const b = brief(
      item({
        _cs_tags: ['attack.t1059.004', 'Defense_Evasion', 'T1190'],
        content_html: '<p>Seen: T1485 and t1059.004, also T9999.</p>',
      }),
      {
        catalog,
        stixTechniques: (title, published) => {
          calls.push([title, published]);
          return [
            { id: 't1190', name: 'Exploit Public-Facing Application (STIX)' },
            { id: 'bogus', name: 'x' },
          ];
        },
      },
    );
    expect(calls).toEqual([
      ['Router takeover through a management API flaw', '2025-03-04T08:00:00.000Z'],
    ]);
    expect(b.techniques).toEqual([
      { id: 'T1059.004', name: 'Unix Shell', tactics: ['execution'] },
      {
        id: 'T1190',
        name: 'Exploit Public-Facing Application (STIX)',
        tactics: ['initial-access'],
      },
      { id: 'T1485', name: 'Data Destruction', tactics: ['impact'] },
      { id: 'T9999', name: null, tactics: [] },
    ]);
    expect(b.tactics).toEqual(['initial-access', 'execution', 'defense-evasion', 'impact']);
  });

  it('survives a STIX lookup that finds nothing', () => {
    const b = brief(item(), { catalog, stixTechniques: () => undefined });
    expect(b.techniques).toEqual([]);
    expect(b.tactics).toEqual([]);
  });
});
