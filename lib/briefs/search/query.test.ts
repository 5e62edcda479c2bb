import { describe, expect, it } from 'vitest';
import { buildBriefIndex } from '@/lib/briefs/search/brief-index';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { parseBriefFilter } from '@/lib/briefs/filter/url';
import { queryBriefs } from '@/lib/briefs/search/query';
import { makeBrief } from '@/test/support/test-briefs';

const BRIEFS = [
  makeBrief({
    slug: 'lockbit-hospital',
    date: '2024-06-10T12:00:00Z',
    severity: 'critical',
    type: 'threat',
    title: 'LockBit ransomware hits hospitals',
    summary: 'Encryption of patient records.',
    vendors: ['Microsoft'],
    products: ['Windows'],
    actors: ['LockBit'],
    tags: ['ransomware', 'initial_access'],
    techniques: ['T1059.001', 'T1486'],
    tactics: ['execution', 'impact'],
    exploited: true,
    text: 'The affiliates used PowerShell loaders.',
  }),
  makeBrief({
    slug: 'splunk-rce',
    date: '2024-06-05T08:00:00Z',
    severity: 'high',
    type: 'advisory',
    title: 'Splunk Enterprise remote code execution',
    vendors: ['Splunk'],
    products: ['Splunk Enterprise'],
    tags: ['rce'],
    cves: ['CVE-2024-36985'],
    techniques: ['T1190'],
    tactics: ['initial-access'],
    exploited: false,
    text: 'An attacker can run arbitrary code through a crafted request.',
  }),
  makeBrief({
    slug: 's3-exposure',
    date: '2024-05-31T23:59:59Z',
    severity: 'medium',
    type: 'advisory',
    title: 'Misconfigured S3 buckets leak data',
    vendors: ['Amazon'],
    products: ['S3'],
    tags: ['cloud', 'data_loss'],
    text: 'Ransomware groups scan for open buckets.',
  }),
  makeBrief({
    slug: 'akira-vpn',
    date: '2024-06-01T00:00:00Z',
    severity: 'critical',
    type: 'threat',
    title: 'Akira targets Cisco VPNs',
    vendors: ['Cisco'],
    products: ['ASA'],
    actors: ['Akira'],
    tags: ['ransomware', 'vpn'],
    techniques: ['T1133', 'T1059'],
    tactics: ['initial-access', 'execution'],
    cves: ['CVE-2023-20269'],
    exploited: true,
    text: 'Credential stuffing, then ransomware deployment.',
  }),
  makeBrief({
    slug: 'rumour-zero-day',
    date: '2024-04-15T09:00:00Z',
    severity: 'rumour',
    type: 'rumour',
    title: 'Unconfirmed Exchange zero-day',
    vendors: ['Microsoft'],
    products: ['Exchange Server'],
    tags: ['zero-day'],
    text: 'Chatter about an Exchange exploit.',
  }),
  makeBrief({
    slug: 'windows-coverage',
    date: '2024-03-01T09:00:00Z',
    severity: 'low',
    type: 'coverage',
    title: 'Detection rule for cmd abuse',
    vendors: ['microsoft'],
    products: ['Windows'],
    tags: ['detection'],
    techniques: ['T1059.003'],
    tactics: ['execution'],
    exploited: false,
    text: 'Sigma rule for suspicious command shells.',
  }),
];

const index = buildBriefIndex(BRIEFS);

function filterOf(query: string): BriefFilter {
  const parsed = parseBriefFilter(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.filter;
}

function run(query: string) {
  return queryBriefs(index, filterOf(query));
}

const slugs = (query: string) => run(query).items.map((item) => item.slug);

describe('queryBriefs: matching', () => {
  it('returns everything newest first without a filter', () => {
    const result = run('');
    expect(result.total).toBe(6);
    expect(result.items.map((item) => item.slug)).toEqual([
      'lockbit-hospital',
      'splunk-rce',
      'akira-vpn',
      's3-exposure',
      'rumour-zero-day',
      'windows-coverage',
    ]);
    expect(result).toMatchObject({ page: 1, pageSize: 50 });
  });

  it('ORs values within a facet and ANDs across facets', () => {
    expect(slugs('severity=critical&severity=high')).toEqual([
      'lockbit-hospital',
      'splunk-rce',
      'akira-vpn',
    ]);
    expect(slugs('severity=critical&tag=vpn')).toEqual(['akira-vpn']);
    expect(slugs('severity=critical&severity=high&tactic=initial-access&tag=rce&tag=vpn')).toEqual([
      'splunk-rce',
      'akira-vpn',
    ]);
    expect(slugs('severity=low&tag=vpn')).toEqual([]);
  });

  it('matches case-insensitively and by slug form', () => {
    const microsoft = ['lockbit-hospital', 'rumour-zero-day', 'windows-coverage'];
    expect(slugs('vendor=microsoft')).toEqual(microsoft);
    expect(slugs('vendor=MICROSOFT')).toEqual(microsoft);
    expect(slugs('product=splunk-enterprise')).toEqual(['splunk-rce']);
    expect(slugs('product=exchange-server')).toEqual(['rumour-zero-day']);
    expect(slugs('tag=data-loss')).toEqual(['s3-exposure']);
    expect(slugs('cve=cve-2024-36985')).toEqual(['splunk-rce']);
    expect(slugs('type=rule')).toEqual(['windows-coverage']);
    expect(slugs('tactic=TA0002')).toEqual(['lockbit-hospital', 'akira-vpn', 'windows-coverage']);
    expect(slugs('vendor=nosuchvendor')).toEqual([]);
  });

  it('matches a parent technique with its sub-techniques', () => {
    expect(slugs('technique=T1059')).toEqual(['lockbit-hospital', 'akira-vpn', 'windows-coverage']);
    expect(slugs('technique=T1059.001')).toEqual(['lockbit-hospital']);
    expect(slugs('technique=T1059.002')).toEqual([]);
  });

  it('filters on exploitation', () => {
    expect(slugs('exploited=true')).toEqual(['lockbit-hospital', 'akira-vpn']);
    expect(slugs('exploited=false')).toEqual(['splunk-rce', 'windows-coverage']);
  });

  it('takes whole UTC days, both bounds inclusive', () => {
    expect(slugs('from=2024-06-01&to=2024-06-01')).toEqual(['akira-vpn']);
    expect(slugs('from=2024-05-31&to=2024-05-31')).toEqual(['s3-exposure']);
    expect(slugs('to=2024-05-31')).toEqual(['s3-exposure', 'rumour-zero-day', 'windows-coverage']);
    expect(slugs('from=2024-06-05')).toEqual(['lockbit-hospital', 'splunk-rce']);
    expect(slugs('from=2025-01-01')).toEqual([]);
  });

  it('leaves briefs with unparseable dates out of any date range', () => {
    const withBadDate = buildBriefIndex([...BRIEFS, makeBrief({ slug: 'undated', date: 'soon' })]);
    expect(queryBriefs(withBadDate, filterOf('')).total).toBe(7);
    expect(queryBriefs(withBadDate, filterOf('to=2030-01-01')).total).toBe(6);
  });
});

describe('queryBriefs: full text', () => {
  it('searches title, summary, facet values and body text', () => {
    expect(slugs('q=hospitals')).toEqual(['lockbit-hospital']);
    expect(slugs('q=patient')).toEqual(['lockbit-hospital']);
    expect(slugs('q=CVE-2023-20269')).toEqual(['akira-vpn']);
    expect(slugs('q=stuffing')).toEqual(['akira-vpn']);
  });

  it('ranks by relevance by default: a title match beats a body match', () => {
    const ranked = slugs('q=ransomware');
    expect(ranked[0]).toBe('lockbit-hospital');
    expect([...ranked].sort()).toEqual(['akira-vpn', 'lockbit-hospital', 's3-exposure']);
    expect(ranked.at(-1)).toBe('s3-exposure');
  });

  it('ANDs terms and prefix-matches only the last one', () => {
    expect(slugs('q=ransomware+cisco')).toEqual(['akira-vpn']);
    expect(slugs('q=lockb')).toEqual(['lockbit-hospital']);
    expect(slugs('q=cred')).toEqual(['akira-vpn']); // body prefix
    expect(slugs('q=ransom+hospitals')).toEqual([]);
  });

  it('forgives one typo in longer words only', () => {
    expect(slugs('q=hospitls')).toEqual(['lockbit-hospital']);
    expect(slugs('q=akra')).toEqual([]);
  });

  it('ignores a query with no searchable term', () => {
    expect(run('q=---').total).toBe(6);
  });

  it('combines with facets and honours an explicit sort', () => {
    expect(slugs('q=ransomware&severity=critical&sort=oldest')).toEqual([
      'akira-vpn',
      'lockbit-hospital',
    ]);
    expect(slugs('q=ransomware&sort=newest')).toEqual([
      'lockbit-hospital',
      'akira-vpn',
      's3-exposure',
    ]);
  });

  it('breaks relevance ties newest first', () => {
    const twins = buildBriefIndex([
      makeBrief({ slug: 'older', date: '2024-01-01', title: 'Same words' }),
      makeBrief({ slug: 'newer', date: '2024-02-01', title: 'Same words' }),
      makeBrief({ slug: 'newest', date: '2024-03-01', title: 'Other words' }),
    ]);
    expect(queryBriefs(twins, filterOf('q=same')).items.map((item) => item.slug)).toEqual([
      'newer',
      'older',
    ]);
  });
});

describe('queryBriefs: sorting and pages', () => {
  it('sorts oldest first and by severity (critical first, newest within)', () => {
    expect(slugs('sort=oldest')).toEqual([
      'windows-coverage',
      'rumour-zero-day',
      's3-exposure',
      'akira-vpn',
      'splunk-rce',
      'lockbit-hospital',
    ]);
    expect(slugs('sort=severity')).toEqual([
      'lockbit-hospital',
      'akira-vpn',
      'splunk-rce',
      's3-exposure',
      'windows-coverage',
      'rumour-zero-day',
    ]);
    expect(slugs('sort=relevance')).toEqual(slugs('sort=newest')); // no q: newest
  });

  it('pages, and a page past the end is empty with the total intact', () => {
    expect(run('pageSize=2&page=2')).toMatchObject({ total: 6, page: 2, pageSize: 2 });
    expect(slugs('pageSize=2&page=2')).toEqual(['akira-vpn', 's3-exposure']);
    expect(slugs('pageSize=4&page=2&sort=severity')).toEqual([
      'windows-coverage',
      'rumour-zero-day',
    ]);
    expect(run('pageSize=2&page=4')).toMatchObject({ items: [], total: 6, page: 4 });
    expect(run('page=100000&q=ransomware')).toMatchObject({ items: [], total: 3 });
  });

  it('returns the precomputed summaries', () => {
    const [item] = run('vendor=splunk').items;
    expect(item).toBe(index.summaries[1]);
    expect(item).toMatchObject({
      cves: ['CVE-2024-36985'],
      techniques: ['T1190'],
      products: ['Splunk Enterprise'],
    });
  });
});

describe('queryBriefs: facet counts', () => {
  it('counts every value over all briefs without a filter, count desc then value asc', () => {
    const { facets } = run('');
    expect(facets.severity).toEqual([
      { value: 'critical', count: 2 },
      { value: 'high', count: 1 },
      { value: 'low', count: 1 },
      { value: 'medium', count: 1 },
      { value: 'rumour', count: 1 },
    ]);
    expect(facets.vendor).toEqual([
      { value: 'Microsoft', count: 3 },
      { value: 'Amazon', count: 1 },
      { value: 'Cisco', count: 1 },
      { value: 'Splunk', count: 1 },
    ]);
    expect(facets.exploited).toEqual([
      { value: 'false', count: 2 },
      { value: 'true', count: 2 },
    ]);
    expect(facets.technique).toEqual(
      ['T1059', 'T1059.001', 'T1059.003', 'T1133', 'T1190', 'T1486'].map((value) => ({
        value,
        count: 1,
      })),
    );
    expect(facets.tactic).toEqual([
      { value: 'execution', count: 3 },
      { value: 'initial-access', count: 2 },
      { value: 'impact', count: 1 },
    ]);
  });

  it('counts each facet over the briefs matching every other active filter', () => {
    const { facets, total, items } = run('severity=critical&vendor=Microsoft');
    expect(total).toBe(1);
    expect(items.map((item) => item.slug)).toEqual(['lockbit-hospital']);
    // Severity ignores the severity filter: Microsoft briefs are critical, rumour, low.
    expect(facets.severity).toEqual([
      { value: 'critical', count: 1 },
      { value: 'low', count: 1 },
      { value: 'rumour', count: 1 },
    ]);
    // Vendor ignores the vendor filter: critical briefs are Microsoft and Cisco.
    expect(facets.vendor).toEqual([
      { value: 'Cisco', count: 1 },
      { value: 'Microsoft', count: 1 },
    ]);
    // Inactive facets count the matches.
    expect(facets.tag).toEqual([
      { value: 'initial_access', count: 1 },
      { value: 'ransomware', count: 1 },
    ]);
    expect(facets.exploited).toEqual([{ value: 'true', count: 1 }]);
  });

  it('counts exploitation disjunctively too', () => {
    const { facets } = run('exploited=true&severity=critical&severity=high');
    expect(facets.exploited).toEqual([
      { value: 'true', count: 2 },
      { value: 'false', count: 1 },
    ]);
    expect(facets.severity).toEqual([
      { value: 'critical', count: 2 },
      { value: 'high', count: 0 }, // selected: splunk-rce is high but not exploited
    ]);
  });

  it('keeps selected values visible with a zero count', () => {
    const { facets, total } = run(
      'severity=informational&vendor=amazon&vendor=nosuchvendor&technique=T1059',
    );
    expect(total).toBe(0);
    expect(facets.severity.at(-1)).toEqual({ value: 'informational', count: 0 });
    expect(facets.vendor).toEqual([
      { value: 'Amazon', count: 0 },
      { value: 'nosuchvendor', count: 0 },
    ]);
    // T1059 is carried exactly by akira-vpn, but that brief matches no other filter here.
    expect(facets.technique).toEqual([{ value: 'T1059', count: 0 }]);
    expect(run('exploited=false&severity=critical').facets.exploited).toEqual([
      { value: 'true', count: 2 },
      { value: 'false', count: 0 },
    ]);
  });

  it('lists exact technique ids even when a parent is selected', () => {
    const { facets } = run('technique=T1059&tactic=impact');
    expect(facets.technique).toEqual([
      { value: 'T1059.001', count: 1 },
      { value: 'T1486', count: 1 },
      { value: 'T1059', count: 0 },
    ]);
  });

  it('applies q and dates to every facet count', () => {
    const { facets } = run('q=ransomware&severity=critical');
    expect(facets.severity).toEqual([
      { value: 'critical', count: 2 },
      { value: 'medium', count: 1 },
    ]);
    expect(run('from=2024-06-01&severity=low').facets.severity).toEqual([
      { value: 'critical', count: 2 },
      { value: 'high', count: 1 },
      { value: 'low', count: 0 },
    ]);
  });
});

describe('queryBriefs: cache', () => {
  it('answers a repeated query from the index cache, whatever the value order', () => {
    const own = buildBriefIndex(BRIEFS);
    const first = queryBriefs(own, filterOf('tag=vpn&tag=rce'));
    expect(queryBriefs(own, filterOf('tag=vpn&tag=rce'))).toBe(first);
    expect(queryBriefs(own, filterOf('tag=rce&tag=vpn'))).toBe(first);
    expect(
      Object.isFrozen(first) && Object.isFrozen(first.items) && Object.isFrozen(first.facets.tag),
    ).toBe(true);
    expect(queryBriefs(own, filterOf('tag=rce&tag=vpn&page=2'))).not.toBe(first);
  });

  it('starts empty for a new index', () => {
    const before = buildBriefIndex(BRIEFS);
    const filter = filterOf('severity=critical');
    expect(queryBriefs(before, filter).total).toBe(2);
    const after = buildBriefIndex([
      ...BRIEFS,
      makeBrief({ slug: 'new-critical', date: '2024-07-01', severity: 'critical' }),
    ]);
    const result = queryBriefs(after, filter);
    expect(result.total).toBe(3);
    expect(result.items[0]?.slug).toBe('new-critical');
    expect(queryBriefs(before, filter).total).toBe(2);
  });
});

describe('queryBriefs: against a brute-force reference', () => {
  // Random briefs and filters; every answer is checked against a plain scan of the briefs.
  let seed = 11;
  const random = () => (seed = (Math.imul(seed, 48271) + 1) & 0x7fffffff) / 0x80000000;
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const some = <T>(values: readonly T[], max: number): T[] =>
    Array.from({ length: Math.floor(random() * (max + 1)) }, () => pick(values));

  const VENDORS = ['Amazon', 'amazon', 'Splunk Inc.', 'C++ Corp', 'C# Corp', 'Cisco'];
  const TAGS = ['cloud', 'initial_access', 'zero-day', 'Zero Day', 'rce'];
  const TECHNIQUES = ['T1059', 'T1059.001', 'T1059.003', 'T1190', 'T1486'];
  const SEVERITY = ['critical', 'high', 'medium', 'low', 'informational', 'rumour', null] as const;
  const briefs = Array.from({ length: 301 }, (_, i) =>
    makeBrief({
      slug: `b${i}`,
      date: new Date(
        Date.UTC(2024, 0, 1) + Math.floor(random() * 90 * 24) * 3_600_000,
      ).toISOString(),
      severity: pick(SEVERITY),
      vendors: some(VENDORS, 2),
      tags: some(TAGS, 3),
      techniques: some(TECHNIQUES, 2),
      exploited: pick([true, false, null]),
    }),
  );
  const big = buildBriefIndex(briefs);

  const lower = (value: string) => value.trim().replace(/\s+/g, ' ').toLowerCase();
  const slug = (value: string) =>
    lower(value)
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '');
  type Brief = (typeof briefs)[number];
  const valuesOf = {
    severity: (b: Brief) => (b.severity ? [b.severity] : []),
    vendor: (b: Brief) => b.vendors,
    tag: (b: Brief) => b.tags,
    technique: (b: Brief) => b.techniques.map((t) => t.id),
  };
  type Facet = keyof typeof valuesOf;
  const FACET_NAMES = Object.keys(valuesOf) as Facet[];

  function hitsByLower(facet: Facet, value: string, carried: string): boolean {
    const parent = facet === 'technique' ? carried.split('.')[0]! : null;
    return lower(carried) === lower(value) || (parent !== null && lower(parent) === lower(value));
  }
  // Equal when lower-cased; else by slug where no brief carries the value, or where the value is
  // a slug of several words (it then selects every spelling with that slug).
  function matchesValue(facet: Facet, value: string, brief: Brief): boolean {
    if (valuesOf[facet](brief).some((c) => hitsByLower(facet, value, c))) return true;
    const anyLower = briefs.some((b) =>
      valuesOf[facet](b).some((c) => hitsByLower(facet, value, c)),
    );
    const slugForm = slug(value).includes('-') && slug(value) === lower(value);
    if (anyLower && !slugForm) return false;
    return valuesOf[facet](brief).some((c) => slug(c) !== '' && slug(c) === slug(value));
  }
  function matches(filter: BriefFilter, brief: Brief, except?: Facet | 'exploited'): boolean {
    for (const facet of FACET_NAMES) {
      if (facet === except || filter[facet].length === 0) continue;
      if (!filter[facet].some((value) => matchesValue(facet, value, brief))) return false;
    }
    if (except !== 'exploited' && filter.exploited !== null && brief.exploited !== filter.exploited)
      return false;
    const day = brief.date.slice(0, 10);
    if (filter.from && day < filter.from) return false;
    if (filter.to && day > filter.to) return false;
    return true;
  }

  it('agrees on totals, order and every facet count', () => {
    const newestFirst = [...briefs].sort(
      (a, b) => b.date.localeCompare(a.date) || a.slug.localeCompare(b.slug),
    );
    for (let run = 0; run < 150; run++) {
      const params = new URLSearchParams();
      for (const facet of FACET_NAMES) {
        const pool = {
          severity: SEVERITY.filter(Boolean) as string[],
          vendor: [...VENDORS, 'c', 'splunk-inc', 'AMAZON'],
          tag: [...TAGS, 'zero-day', 'initial-access'],
          technique: TECHNIQUES,
        }[facet];
        if (random() < 0.35) for (const value of some(pool, 2)) params.append(facet, value);
      }
      if (random() < 0.3) params.set('exploited', pick(['true', 'false']));
      if (random() < 0.3)
        params.set('from', `2024-0${1 + Math.floor(random() * 3)}-1${Math.floor(random() * 9)}`);
      if (random() < 0.3)
        params.set('to', `2024-0${2 + Math.floor(random() * 2)}-2${Math.floor(random() * 9)}`);
      params.set('pageSize', '200');
      const parsed = parseBriefFilter(params);
      if (!parsed.ok) continue; // from after to
      const filter = parsed.filter;
      const result = queryBriefs(big, filter);
      const expected = newestFirst.filter((brief) => matches(filter, brief));
      expect(result.total, params.toString()).toBe(expected.length);
      expect(result.items.map((item) => item.slug)).toEqual(
        expected.slice(0, 200).map((brief) => brief.slug),
      );

      for (const facet of FACET_NAMES) {
        const counts = new Map<string, number>();
        for (const brief of briefs.filter((b) => matches(filter, b, facet))) {
          for (const key of new Set(valuesOf[facet](brief).map(lower)))
            counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        const got = new Map(
          result.facets[facet].filter((e) => e.count > 0).map((e) => [lower(e.value), e.count]),
        );
        expect(got, `${facet} for ${params}`).toEqual(counts);
        const order = result.facets[facet].map((e) => e.count);
        expect(order).toEqual([...order].sort((a, b) => b - a));
      }
      const exploitedBase = briefs.filter((b) => matches(filter, b, 'exploited'));
      for (const value of [true, false]) {
        const count = exploitedBase.filter((b) => b.exploited === value).length;
        const entry = result.facets.exploited.find((e) => e.value === String(value));
        expect(entry?.count ?? 0).toBe(count);
      }
    }
  });
});
