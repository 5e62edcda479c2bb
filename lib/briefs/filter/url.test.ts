import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, type BriefFilter } from '@/lib/briefs/filter/types';
import { activeFilterChips } from '@/lib/briefs/filter/chips';
import {
  isFacetValueSelected,
  toggleFacetValue,
  toListHref,
  withFacetValue,
  withoutFacetValue,
} from '@/lib/briefs/filter/edit';
import { emptyFilter, filterToSearchParams, parseBriefFilter } from '@/lib/briefs/filter/url';

function parse(query: string, opts?: { allowUnknown?: boolean }): BriefFilter {
  const result = parseBriefFilter(new URLSearchParams(query), opts);
  if (!result.ok) throw new Error(`${result.error.parameter}: ${result.error.message}`);
  return result.filter;
}

function parseError(query: string) {
  const result = parseBriefFilter(new URLSearchParams(query));
  if (result.ok) throw new Error(`expected ${query} to be rejected`);
  return result.error;
}

describe('parseBriefFilter', () => {
  it('gives the empty filter for no parameters and for empty values', () => {
    expect(parse('')).toEqual(emptyFilter());
    expect(parse('q=&severity=&page=&pageSize=&sort=&from=&to=&exploited=&tag=%20')).toEqual(
      emptyFilter(),
    );
    expect(emptyFilter().pageSize).toBe(DEFAULT_PAGE_SIZE);
  });

  it('accepts a plain object as Next passes searchParams', () => {
    const filter = parseBriefFilter({ tag: ['a', 'b'], q: 'x', vendor: undefined });
    expect(filter).toEqual({ ok: true, filter: { ...emptyFilter(), tag: ['a', 'b'], q: 'x' } });
  });

  it('normalises severities and types, case-insensitively, with aliases', () => {
    const filter = parse('severity=CRITICAL&severity=rumor&type=Rule&type=advisory');
    expect(filter.severity).toEqual(['critical', 'rumour']);
    expect(filter.type).toEqual(['coverage', 'advisory']);
  });

  it('upper-cases technique and CVE ids', () => {
    const filter = parse('technique=t1059.001&technique=T1190&cve=cve-2024-3400');
    expect(filter.technique).toEqual(['T1059.001', 'T1190']);
    expect(filter.cve).toEqual(['CVE-2024-3400']);
  });

  it.each(['TA0005', 'ta0005', 'defense-evasion', 'defense_evasion', 'Defense Evasion'])(
    'resolves the tactic %s to its shortname',
    (value) => {
      expect(parse(`tactic=${encodeURIComponent(value)}`).tactic).toEqual(['defense-evasion']);
    },
  );

  it('repeats facets and never splits on commas', () => {
    const filter = parse('product=Foo%2C+Inc.+Router&product=Bar');
    expect(filter.product).toEqual(['Foo, Inc. Router', 'Bar']);
  });

  it('trims free text and drops duplicates case-insensitively, keeping the first spelling', () => {
    const filter = parse(
      'vendor=+Amazon+&vendor=amazon&vendor=AMAZON&vendor=Microsoft&severity=high&severity=HIGH',
    );
    expect(filter.vendor).toEqual(['Amazon', 'Microsoft']);
    expect(filter.severity).toEqual(['high']);
  });

  it('parses scalars', () => {
    const filter = parse(
      'q=+ransomware+&exploited=TRUE&from=2024-02-29&to=2024-03-01&sort=Severity&page=3&pageSize=200',
    );
    expect(filter).toMatchObject({
      q: 'ransomware',
      exploited: true,
      from: '2024-02-29',
      to: '2024-03-01',
      sort: 'severity',
      page: 3,
      pageSize: 200,
    });
    expect(parse('exploited=false').exploited).toBe(false);
    expect(parse('from=2024-05-01&to=2024-05-01').from).toBe('2024-05-01');
  });

  it('allows exactly 50 values of a facet and 200 characters per value', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => `tag=t${i}`).join('&');
    expect(parse(fifty).tag).toHaveLength(50);
    expect(parse(`tag=${'x'.repeat(200)}`).tag).toEqual(['x'.repeat(200)]);
  });

  it.each([
    ['severity=urgent', 'severity'],
    ['type=blog', 'type'],
    ['technique=T105', 'technique'],
    ['technique=T1059.1', 'technique'],
    ['tactic=lunch', 'tactic'],
    ['cve=CVE-2024-12', 'cve'],
    ['cve=2024-1234', 'cve'],
    [`vendor=${'x'.repeat(201)}`, 'vendor'],
    [Array.from({ length: 51 }, (_, i) => `tag=t${i}`).join('&'), 'tag'],
    ['exploited=yes', 'exploited'],
    [`q=${'a'.repeat(501)}`, 'q'],
    [`q=${'a'.repeat(10_240)}`, 'q'],
    ['from=2024-02-30', 'from'],
    ['from=2023-02-29', 'from'],
    ['to=2024-13-01', 'to'],
    ['to=24-01-01', 'to'],
    ['from=2024-05-02&to=2024-05-01', 'from'],
    ['sort=popular', 'sort'],
    ['page=0', 'page'],
    ['page=-1', 'page'],
    ['page=1.5', 'page'],
    ['page=100001', 'page'],
    ['page=abc', 'page'],
    ['pageSize=0', 'pageSize'],
    ['pageSize=201', 'pageSize'],
    ['q=a&q=b', 'q'],
    ['page=1&page=2', 'page'],
    ['utm_source=news', 'utm_source'],
    ['pagesize=10', 'pagesize'],
  ])('rejects %s naming the parameter', (query, parameter) => {
    const error = parseError(query);
    expect(error.parameter).toBe(parameter);
    expect(error.message).toContain(parameter);
    expect(error.message.length).toBeLessThan(300);
  });

  it('ignores unknown parameters when asked to', () => {
    expect(parse('utm_source=news&fbclid=x&severity=low', { allowUnknown: true }).severity).toEqual(
      ['low'],
    );
  });
});

describe('filterToSearchParams', () => {
  it('writes parameters in canonical order and leaves defaults out', () => {
    const filter: BriefFilter = {
      ...emptyFilter(),
      tag: ['b', 'a'],
      severity: ['high'],
      q: 'x y',
      sort: 'oldest',
      page: 2,
      exploited: false,
    };
    expect(filterToSearchParams(filter).toString()).toBe(
      'q=x+y&severity=high&tag=b&tag=a&exploited=false&sort=oldest&page=2',
    );
    expect(filterToSearchParams(emptyFilter()).toString()).toBe('');
    expect(filterToSearchParams({ ...emptyFilter(), pageSize: 20 }).toString()).toBe('pageSize=20');
  });

  it('round-trips: parse(filterToSearchParams(f)) equals f', () => {
    const queries = [
      '',
      'q=ransomware+lockbit&severity=critical&severity=high&type=coverage',
      'vendor=Amazon&product=Foo%2C+Inc.&actor=APT29&tag=initial_access&technique=T1059.001',
      'tactic=TA0001&cve=CVE-2024-3400&exploited=true&from=2024-01-01&to=2024-12-31',
      'sort=relevance&page=7&pageSize=10',
      'q=%E2%80%9Cquoted%E2%80%9D+%26+more&tag=%C3%A9t%C3%A9&tag=a%3Db',
    ];
    for (const query of queries) {
      const filter = parse(query);
      expect(parse(filterToSearchParams(filter).toString())).toEqual(filter);
    }
  });

  it('round-trips randomly built filters', () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 48271) + 1) & 0x7fffffff) / 0x80000000;
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
    const words = ['Amazon', 'S3', 'Foo, Inc.', 'a&b', 'x=y', 'naïve', '50% off', '+plus', 'слово'];
    for (let run = 0; run < 200; run++) {
      const params = new URLSearchParams();
      for (const facet of ['vendor', 'product', 'actor', 'tag']) {
        for (let i = Math.floor(random() * 3); i > 0; i--) params.append(facet, pick(words));
      }
      if (random() < 0.5) params.append('severity', pick(['critical', 'LOW', 'rumor']));
      if (random() < 0.5) params.append('technique', pick(['t1059', 'T1059.001']));
      if (random() < 0.5) params.append('tactic', pick(['TA0002', 'Lateral Movement']));
      if (random() < 0.5) params.set('q', pick(words));
      if (random() < 0.3) params.set('exploited', pick(['true', 'false']));
      if (random() < 0.3) params.set('sort', pick(['newest', 'oldest', 'severity', 'relevance']));
      if (random() < 0.3) params.set('page', String(1 + Math.floor(random() * 9)));
      if (random() < 0.3) params.set('pageSize', String(1 + Math.floor(random() * 200)));
      const filter = parse(params.toString());
      expect(parse(filterToSearchParams(filter).toString())).toEqual(filter);
    }
  });
});

describe('toListHref', () => {
  const filter: BriefFilter = { ...emptyFilter(), severity: ['high'], page: 4 };

  it('keeps the page when only the page changes', () => {
    expect(toListHref(filter, { page: 5 })).toBe('/?severity=high&page=5');
    expect(toListHref(filter)).toBe('/?severity=high&page=4');
  });

  it('goes back to page 1 when anything else changes', () => {
    expect(toListHref(filter, { q: 'x' })).toBe('/?q=x&severity=high');
    expect(toListHref(filter, { pageSize: 10 })).toBe('/?severity=high&pageSize=10');
    expect(toListHref(filter, { severity: [] }, '/briefs')).toBe('/briefs');
  });

  it('keeps the page when the patch changes nothing, and honours an explicit page', () => {
    expect(toListHref(filter, { severity: ['high'] })).toBe('/?severity=high&page=4');
    expect(toListHref(filter, { q: 'x', page: 2 })).toBe('/?q=x&severity=high&page=2');
  });
});

describe('facet value helpers', () => {
  const filter: BriefFilter = { ...emptyFilter(), product: ['splunk-enterprise'], page: 3 };

  it('adds a normalised value and resets the page', () => {
    expect(withFacetValue(filter, 'severity', 'Critical')).toMatchObject({
      severity: ['critical'],
      page: 1,
    });
    expect(withFacetValue(filter, 'technique', 't1059')).toMatchObject({ technique: ['T1059'] });
    expect(withFacetValue(filter, 'tactic', 'Initial Access').tactic).toEqual(['initial-access']);
  });

  it('leaves the filter alone for invalid or already selected values', () => {
    expect(withFacetValue(filter, 'severity', 'urgent')).toBe(filter);
    expect(withFacetValue(filter, 'product', 'Splunk Enterprise')).toBe(filter);
  });

  it('matches selected values case-insensitively and by slug', () => {
    expect(isFacetValueSelected(filter, 'product', 'Splunk Enterprise')).toBe(true);
    expect(isFacetValueSelected({ ...emptyFilter(), vendor: ['amazon'] }, 'vendor', 'Amazon')).toBe(
      true,
    );
    expect(isFacetValueSelected({ ...emptyFilter(), vendor: ['C++'] }, 'vendor', 'C#')).toBe(false);
    expect(withoutFacetValue(filter, 'product', 'Splunk Enterprise')).toMatchObject({
      product: [],
      page: 1,
    });
  });

  it('toggles', () => {
    const on = toggleFacetValue(emptyFilter(), 'tag', 'cloud');
    expect(on.tag).toEqual(['cloud']);
    expect(toggleFacetValue(on, 'tag', 'Cloud').tag).toEqual([]);
  });
});

describe('activeFilterChips', () => {
  it('gives one chip per constraint whose href removes just that constraint', () => {
    const filter = parse(
      'q=lockbit&severity=high&severity=critical&type=coverage&tactic=TA0001&exploited=true&from=2024-01-01&to=2024-02-01&sort=oldest&page=2',
    );
    const chips = activeFilterChips(filter, '/list');
    expect(chips.map((chip) => chip.label)).toEqual([
      'Search: lockbit',
      'Severity: high',
      'Severity: critical',
      'Type: rule',
      'Tactic: Initial Access',
      'Exploited',
      'From 2024-01-01',
      'To 2024-02-01',
    ]);
    for (const chip of chips) {
      expect(chip.href.startsWith('/list?')).toBe(true);
      const after = parse(chip.href.slice('/list?'.length));
      expect(after.page).toBe(1);
      expect(after.sort).toBe('oldest');
      const removedOne = chips.filter((other) => other !== chip);
      expect(activeFilterChips(after, '/list').map((c) => c.label)).toEqual(
        removedOne.map((c) => c.label),
      );
    }
  });
});
