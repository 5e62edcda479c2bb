import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, waitFor, type AppServer } from '@/dev/app-server';
import {
  INDICATOR_EXPECTED,
  INDICATOR_SLUGS,
  indicatorItems,
  indicatorStix,
} from '@/dev/fixtures/indicators';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';
import { defang } from '@/lib/briefs/indicators';
import { hasStixSchemas, loadStixValidator } from '@/test/support/stix-schemas';

// Indicators and references from the STIX bundle, through the production server: the stand-in
// upstream serves the `indicators` fixture (every pattern kind, a 100 kB value, 10,000
// indicators on one report, a repeated id, non-URL references) and every surface is checked
// against the fixture's hand-written expectations.

let up: UpstreamStandIn;
let app: AppServer;

const [KINDS, MANY, REPEATED, NO_URLS, NO_REPORT] = INDICATOR_SLUGS as [
  string,
  string,
  string,
  string,
  string,
];

async function json<T>(path: string): Promise<T> {
  const res = await fetch(`${app.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

interface ListAnswer {
  total: number;
  items: { slug: string }[];
  facets: Record<string, { value: string; count: number }[]>;
  indicatorMatch?: { type: string; value: string; briefs: number };
}

/** A brief page's HTML without React's text separators (`<!-- -->`). */
async function pageText(slug: string): Promise<string> {
  return (await (await fetch(`${app.url}/briefs/${slug}`)).text()).replace(/<!-- -->/g, '');
}

beforeAll(async () => {
  up = await startUpstream();
  up.setItems(indicatorItems, { pageSize: 2 });
  up.setStix(indicatorStix);
  app = await startApp({ FEED_URL: up.feedUrl, FEED_STIX_URL: up.stixUrl });
  await waitFor(
    async () => (await json<ListAnswer>('/api/briefs')).total === INDICATOR_SLUGS.length,
    60_000,
  );
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await up?.close();
});

describe('/api/briefs/{slug}', () => {
  it('carries exactly the expected indicators, references and confidence', async () => {
    for (const slug of INDICATOR_SLUGS) {
      const brief = await json<Record<string, unknown>>(`/api/briefs/${slug}`);
      const expected = INDICATOR_EXPECTED[slug]!;
      expect(brief.indicators, slug).toEqual(expected.indicators);
      expect(brief.indicatorsOmitted, slug).toBe(expected.omitted);
      expect(brief.references, slug).toEqual(expected.references);
      expect(brief.confidence, slug).toBe(expected.confidence);
      expect(brief.iocCount, slug).toBe(expected.indicators.length);
      expect(brief).not.toHaveProperty('iocHashes');
    }
  });
});

describe('the brief page', () => {
  it('groups indicators by type with counts, defanged, and links http(s) references only', async () => {
    const html = await pageText(KINDS);
    const expected = INDICATOR_EXPECTED[KINDS]!;
    expect(html).toContain('id="section-indicators"');
    expect(html).toContain('data-testid="indicators-domain"');
    expect(html).toContain('hxxp://192.0.2[.]10/stage2.bin');
    expect(html).toContain('c2.example[.]net');
    expect(html).toContain('192.0.2[.]1<');
    // Markup in a value is text.
    expect(html).toContain('Widget&lt;Loader&gt;');
    expect(html).not.toContain('<Loader>');
    for (const { type, value } of expected.indicators)
      expect(html, value).toContain(
        defang(type, value)
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')
          .replace(/>/g, '&gt;')
          .replace(/"/g, '&quot;')
          .replace(/'/g, '&#x27;'),
      );
    expect(html).toMatch(
      /<a href="https:\/\/advisories\.example\.org\/ES-2026-0042" target="_blank" rel="noopener noreferrer nofollow"/,
    );
    expect(html).not.toMatch(/href="javascript:/);
    expect(html).toContain('<span>javascript:alert(1)</span>');
    expect(html).toContain('data-testid="report-confidence"');
    expect(html).toMatch(/2 more indicators are not shown/);
  });

  it('says when a brief is cut at 1,000 indicators', async () => {
    const html = await pageText(MANY);
    expect(html).toMatch(/9,000 more indicators are not shown/);
    // Rendered elements only (the page's RSC payload repeats the text).
    expect(html.match(/<code[^>]*>host-\d+\.many\.example\[\.\]org<\/code>/g)).toHaveLength(1000);
  });

  it('shows references that are not URLs as text, and nothing for a brief without a report', async () => {
    const html = await (await fetch(`${app.url}/briefs/${NO_URLS}`)).text();
    expect(html).toContain('<span>CVE-2026-55429</span>');
    expect(html).not.toContain('id="section-indicators"');
    const bare = await (await fetch(`${app.url}/briefs/${NO_REPORT}`)).text();
    expect(bare).not.toContain('id="section-indicators"');
    expect(bare).not.toContain('id="section-references"');
  });
});

describe('the list', () => {
  it('filters ioc=true|false with exact disjunctive counts', async () => {
    const yes = await json<ListAnswer>('/api/briefs?ioc=true');
    expect(yes.items.map((i) => i.slug)).toEqual([KINDS, MANY, REPEATED]);
    expect(yes.facets.ioc).toEqual([
      { value: 'true', count: 3 },
      { value: 'false', count: 2 },
    ]);
    const exploited = await json<ListAnswer>('/api/briefs?ioc=false&exploited=true');
    expect(exploited.items.map((i) => i.slug)).toEqual([NO_REPORT]);
    expect(exploited.facets.ioc).toEqual([
      { value: 'true', count: 2 },
      { value: 'false', count: 1 },
    ]);
  });

  it('facets ioc_type', async () => {
    const answer = await json<ListAnswer>('/api/briefs?ioc_type=ipv4');
    expect(answer.items.map((i) => i.slug)).toEqual([KINDS, REPEATED]);
    const domain = answer.facets.ioc_type!.find((f) => f.value === 'domain');
    expect(domain).toEqual({ value: 'domain', count: 3 });
  });

  it('answers 400 naming a bad ioc or ioc_type', async () => {
    for (const [query, parameter] of [
      ['ioc=maybe', 'ioc'],
      ['ioc_type=%3Cscript%3E', 'ioc_type'],
    ]) {
      const res = await fetch(`${app.url}/api/briefs?${query}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { parameter: string } }).error.parameter).toBe(
        parameter,
      );
    }
  });

  it('finds the briefs carrying a searched value first, plain or defanged, and says so', async () => {
    for (const q of ['c2.example.net', 'c2[.]example[.]net']) {
      const answer = await json<ListAnswer>(`/api/briefs?q=${encodeURIComponent(q)}`);
      expect(answer.items.slice(0, 2).map((i) => i.slug)).toEqual([KINDS, REPEATED]);
      expect(answer.indicatorMatch).toEqual({ type: 'domain', value: 'c2.example.net', briefs: 2 });
    }
    const url = await json<ListAnswer>(
      `/api/briefs?q=${encodeURIComponent('hxxp://192.0.2[.]10/stage2.bin')}`,
    );
    expect(url.items[0]!.slug).toBe(KINDS);
    const hash = await json<ListAnswer>('/api/briefs?q=D41D8CD98F00B204E9800998ECF8427E');
    expect(hash.items.map((i) => i.slug)).toEqual([KINDS]);
    const page = await (await fetch(`${app.url}/?q=c2%5B.%5Dexample%5B.%5Dnet`)).text();
    expect(page).toContain('data-testid="indicator-match"');
  });
});

describe('exports', () => {
  it('/api/indicators.txt is the de-duplicated union of the view’s values', async () => {
    const res = await fetch(`${app.url}/api/indicators.txt?ioc=true&type=domain`);
    expect(res.status).toBe(200);
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^# Indicators of the view: /);
    const values = lines.filter((l) => !l.startsWith('#'));
    const union = new Set(
      Object.values(INDICATOR_EXPECTED).flatMap((e) =>
        e.indicators.filter((i) => i.type === 'domain').map((i) => i.value),
      ),
    );
    expect(values.sort()).toEqual([...union].sort());
    const all = await (await fetch(`${app.url}/api/indicators.txt`)).text();
    expect(all).toContain("it's-a-dropper.sh\n");
    expect(all).not.toContain('huge-AAAA');
  });

  it('/api/indicators.csv gives each value with its brief', async () => {
    const csv = await (await fetch(`${app.url}/api/indicators.csv?type=ipv4`)).text();
    const rows = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows.map((r) => [r.value, r.brief_slug])).toEqual([
      ['192.0.2.1', KINDS],
      ['198.51.100.7', REPEATED],
    ]);
  });

  it('the briefs CSV counts indicators', async () => {
    const csv = await (await fetch(`${app.url}/api/briefs.csv`)).text();
    const rows = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows.find((r) => r.slug === MANY)!.indicators).toBe('1000');
    expect(rows.find((r) => r.slug === NO_REPORT)!.indicators).toBe('0');
  });

  it('the JSON Feed items carry _cs_indicators and _cs_references', async () => {
    const feed = await json<{ items: Record<string, unknown>[] }>('/feed.json?ioc_type=ipv4');
    const item = feed.items.find((i) => String(i.url).endsWith(REPEATED))!;
    expect(item._cs_indicators).toEqual(INDICATOR_EXPECTED[REPEATED]!.indicators);
    expect(item._cs_confidence).toBe(95);
  });

  it('the STIX export carries the indicators and references, valid object by object', async () => {
    const bundle = await json<{ objects: Record<string, unknown>[] }>('/api/briefs.stix.json');
    const indicators = bundle.objects.filter((o) => o.type === 'indicator');
    const distinct = new Set(
      Object.values(INDICATOR_EXPECTED).flatMap((e) =>
        e.indicators.map((i) => `${i.type}:${i.value}`),
      ),
    );
    expect(indicators).toHaveLength(distinct.size);
    const patterns = indicators.map((o) => o.pattern);
    expect(patterns).toContain("[file:name = 'it\\'s-a-dropper.sh']");
    expect(patterns).toContain("[x-ti-bot:url_path = '/wp-content/uploads/invoice.php']");
    expect(patterns).toContain("[domain-name:value LIKE '%.tk']");
    const report = bundle.objects.find(
      (o) => o.type === 'report' && o.name === 'Advisory without network indicators',
    )!;
    expect(report.external_references).toEqual(
      expect.arrayContaining([
        { source_name: 'reference', description: 'CVE-2026-55429' },
        { source_name: 'reference', description: 'VENDOR-ADV-7' },
      ]),
    );
    if (hasStixSchemas) {
      const validator = loadStixValidator();
      for (const object of bundle.objects) expect(validator.validateObject(object)).toEqual([]);
    }
  });

  it('TAXII serves the indicators', async () => {
    const accept = { Accept: 'application/taxii+json;version=2.1' };
    const list = (await (
      await fetch(`${app.url}/taxii2/briefs/collections/`, { headers: accept })
    ).json()) as { collections: { id: string; title: string }[] };
    const all = list.collections.find((c) => c.title === 'All briefs')!;
    const types = new Set<string>();
    let next: string | undefined;
    do {
      const qs = new URLSearchParams({ limit: '500', ...(next ? { next } : {}) });
      const body = (await (
        await fetch(`${app.url}/taxii2/briefs/collections/${all.id}/objects/?${qs}`, {
          headers: accept,
        })
      ).json()) as {
        objects?: { type: string; pattern?: string }[];
        more?: boolean;
        next?: string;
      };
      for (const o of body.objects ?? [])
        if (o.type === 'indicator') types.add(o.pattern!.split(':')[0]!);
      next = body.more ? body.next : undefined;
    } while (next);
    expect([...types].sort()).toEqual(
      [
        '[domain-name',
        '[email-addr',
        '[file',
        '[ipv4-addr',
        '[ipv6-addr',
        '[url',
        '[x-ti-bot',
      ].sort(),
    );
  });
});
