import { gzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, tempCacheDir, waitFor, type AppServer } from '@/dev/app-server';
import { gzipCsv, makeEpssCsv, makeKevDocument } from '@/dev/signals';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';
import { hasStixSchemas, loadStixValidator } from '@/test/support/stix-schemas';

// CISA KEV and FIRST EPSS through the production server, against stand-ins of both upstreams: a
// KEV catalog with hostile entries and a 300,000-row EPSS file give exactly these values on the
// list, the brief page, the filters, the sort and the exports; each upstream fault keeps the last
// good data and shows in /api/status; a restart with no network still has them; and with both
// upstreams off the rest is unchanged.

const item = (slug: string, day: string, cves: string[]) => ({
  id: `/briefs/${slug}/`,
  url: `https://feed.craftedsignal.io/briefs/${slug}/`,
  title: `Signals ${slug}`,
  summary: `Brief ${slug}.`,
  content_html: `<p>Body of ${slug}.</p>`,
  date_published: `2026-11-${day}T10:00:00Z`,
  _cs_type: 'advisory',
  _cs_severities: ['high'],
  _cs_cves: cves.map((id) => ({ id, cvss: 8.1 })),
});

// Newest first: b1 .. b6.
const ITEMS = [
  item('b1', '20', ['CVE-2024-3400', 'CVE-2024-0001']),
  item('b2', '19', ['CVE-2023-4966']),
  item('b3', '18', ['CVE-2022-0001']),
  item('b4', '17', ['CVE-2021-0001']),
  item('b5', '16', []),
  item('b6', '15', ['CVE-2024-3400']),
];

const MARKUP_NAME = '<script>alert("kev")</script> Citrix <b>Bleed</b>';
const KEV = makeKevDocument(
  [
    {
      cveID: 'CVE-2024-3400',
      dateAdded: '2024-04-12',
      dueDate: '2024-04-19',
      requiredAction: 'Apply the hotfix.',
      knownRansomwareCampaignUse: 'Unknown',
    },
    {
      cveID: 'CVE-2023-4966',
      vulnerabilityName: MARKUP_NAME,
      dateAdded: '2023-10-18',
      dueDate: '2023-11-08',
      requiredAction: 'Patch and kill sessions.',
      knownRansomwareCampaignUse: 'Known',
    },
    { cveID: 'CVE-2021-0001 <img src=x onerror=alert(1)>', dateAdded: '2024-01-02' },
    { cveID: 'not-a-cve', dateAdded: '2024-01-02' },
  ],
  { catalogVersion: '2026.11.30' },
);
const EPSS_ROWS = [
  { cve: 'CVE-2024-3400', epss: '0.94301', percentile: '0.99912' },
  { cve: 'CVE-2024-0001', epss: '0.02000', percentile: '0.80100' },
  { cve: 'CVE-2023-4966', epss: '0.50000', percentile: '0.97000' },
  { cve: 'CVE-2022-0001', epss: '0.10000', percentile: '0.93000' },
  { cve: '<b>CVE-2021-0001</b>', epss: '0.9', percentile: '0.9' },
  { cve: 'CVE-2021-0001', epss: '1.5', percentile: '0.9' },
];
// 300,000 rows in all, 299,994 of them valid.
const EPSS = gzipCsv(makeEpssCsv(EPSS_ROWS, { filler: 299_994, scoreDate: '2026-11-30' }));
const KEV_PATH = '/feeds/known_exploited_vulnerabilities.json';
const EPSS_PATH = '/epss_scores-current.csv.gz';

interface ListItem {
  slug: string;
  signals?: { kev: boolean; maxEpss: number | null };
}
interface ListAnswer {
  items: ListItem[];
  total: number;
  facets: Record<string, { value: string; count: number }[]>;
}
interface SignalBlock {
  source: string;
  entries: number;
  refused: number;
  matched: number;
  date: string | null;
  version: string | null;
  lastError: string | null;
}
interface Status {
  source: string;
  signals: { kev: SignalBlock; epss: SignalBlock; feedCves: number };
}

let up: UpstreamStandIn;
const apps: AppServer[] = [];
const cacheDir = tempCacheDir();
const getJson = async <T>(app: AppServer, path: string) =>
  (await (await fetch(`${app.url}${path}`)).json()) as T;
const status = (app: AppServer) => getJson<Status>(app, '/api/status');
const list = (app: AppServer, query = '') => getJson<ListAnswer>(app, `/api/briefs?${query}`);

const EXPECTED_SIGNALS = {
  b1: { kev: true, maxEpss: 0.94301 },
  b2: { kev: true, maxEpss: 0.5 },
  b3: { kev: false, maxEpss: 0.1 },
  b4: { kev: false, maxEpss: null },
  b5: { kev: false, maxEpss: null },
  b6: { kev: true, maxEpss: 0.94301 },
};

beforeAll(async () => {
  up = await startUpstream({ slowMs: 20_000 });
  up.setItems(ITEMS, { pageSize: 10 });
  up.setSignals({ kev: KEV, epss: EPSS });
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await up.close();
});

describe('KEV and EPSS from their upstreams', () => {
  let app: AppServer;
  const env = () => ({
    FEED_URL: up.feedUrl,
    FEED_STIX_URL: 'off',
    KEV_URL: up.kevUrl,
    EPSS_URL: up.epssUrl,
    SIGNALS_REFRESH_SECONDS: '1',
    SIGNALS_MAX_BYTES: String(4 * 1024 * 1024),
    FEED_TIMEOUT_MS: '8000',
    FEED_REFRESH_SECONDS: '5',
    CACHE_DIR: cacheDir,
  });

  beforeAll(async () => {
    let last: Status | null = null;
    app = await startApp(env());
    apps.push(app);
    await waitFor(async () => {
      const s = await status(app);
      last = s;
      return (
        s.source === 'upstream' &&
        s.signals.kev.source === 'upstream' &&
        s.signals.epss.source === 'upstream' &&
        s.signals.feedCves === 5 &&
        s.signals.epss.matched === 4
      );
    }, 60_000).catch((err: unknown) => {
      throw new Error(`${String(err)}: ${JSON.stringify(last)}`);
    });
  }, 120_000);

  it('reports both upstreams in /api/status, hostile entries refused', async () => {
    const s = await status(app);
    expect(s.signals.kev).toMatchObject({
      version: '2026.11.30',
      entries: 2,
      refused: 2,
      matched: 2,
      lastError: null,
    });
    expect(s.signals.epss).toMatchObject({
      date: '2026-11-30',
      entries: 299_998,
      refused: 2,
      matched: 4,
      lastError: null,
    });
  });

  it('gives each list item its KEV flag and highest EPSS', async () => {
    const answer = await list(app);
    expect(Object.fromEntries(answer.items.map((i) => [i.slug, i.signals]))).toEqual(
      EXPECTED_SIGNALS,
    );
  });

  it('filters by kev and epss_min with disjunctive counts, and sorts by EPSS', async () => {
    const slugs = (a: ListAnswer) => a.items.map((i) => i.slug);
    const kev = await list(app, 'kev=true');
    expect(slugs(kev)).toEqual(['b1', 'b2', 'b6']);
    // The KEV counts ignore the KEV filter itself; the EPSS steps count within it.
    expect(kev.facets.kev).toEqual([
      { value: 'false', count: 3 },
      { value: 'true', count: 3 },
    ]);
    expect(kev.facets.epss).toEqual([
      { value: '0.01', count: 3 },
      { value: '0.1', count: 3 },
      { value: '0.5', count: 3 },
      { value: '0.9', count: 2 },
    ]);
    expect(slugs(await list(app, 'kev=false'))).toEqual(['b3', 'b4', 'b5']);
    const epss = await list(app, 'epss_min=0.1');
    expect(slugs(epss)).toEqual(['b1', 'b2', 'b3', 'b6']);
    expect(epss.facets.epss?.find((e) => e.value === '0.1')?.count).toBe(4);
    expect(epss.facets.kev).toEqual([
      { value: 'true', count: 3 },
      { value: 'false', count: 1 },
    ]);
    expect(slugs(await list(app, 'epss_min=0.5&kev=false'))).toEqual([]);
    expect(slugs(await list(app, 'sort=epss'))).toEqual(['b1', 'b6', 'b2', 'b3', 'b4', 'b5']);
  });

  it('refuses a bad kev or epss_min with a 400 naming the parameter', async () => {
    for (const [query, parameter] of [
      ['epss_min=1.5', 'epss_min'],
      ['epss_min=-0.1', 'epss_min'],
      ['epss_min=abc', 'epss_min'],
      ['kev=yes', 'kev'],
      ['sort=kev', 'sort'],
    ]) {
      const res = await fetch(`${app.url}/api/briefs?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { parameter: string } }).error.parameter).toBe(
        parameter,
      );
    }
  });

  it("shows each CVE's signals on the brief page and API, upstream text as text", async () => {
    const detail = await getJson<{ cveSignals: unknown }>(app, '/api/briefs/b2');
    expect(detail.cveSignals).toEqual([
      {
        id: 'CVE-2023-4966',
        kev: {
          dateAdded: '2023-10-18',
          dueDate: '2023-11-08',
          requiredAction: 'Patch and kill sessions.',
          ransomware: 'known',
          vulnerabilityName: MARKUP_NAME,
        },
        epss: { epss: 0.5, percentile: 0.97, scoreDate: '2026-11-30' },
      },
    ]);
    const html = await (await fetch(`${app.url}/briefs/b2`)).text();
    const table = html.slice(html.indexOf('data-testid="cve-signals"'));
    expect(table).toContain('50%');
    expect(table).toContain('97th');
    expect(table).toContain('2026-11-30');
    expect(table).toMatch(/added <!-- -->2023-10-18<!-- -->, due <!-- -->2023-11-08/);
    expect(table).toContain('Known ransomware use');
    expect(html).not.toContain('<script>alert("kev")');
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;kev&quot;)&lt;/script&gt; Citrix &lt;b&gt;Bleed',
    );
  });

  it('shows the KEV badge and highest EPSS on list rows', async () => {
    const html = await (await fetch(`${app.url}/?kev=true`)).text();
    expect(html.match(/class="[^"]*badge-kev[^"]*"[^>]*>KEV</g)).toHaveLength(3);
    expect(html).toContain('EPSS 94.3%');
    expect(html).toContain('EPSS 50%');
  });

  it('counts briefs on KEV-listed CVEs per week on /trends, with a table', async () => {
    const html = await (await fetch(`${app.url}/trends`)).text();
    const table = html.slice(html.indexOf('data-testid="kev-weekly-table"'));
    const row = (week: string) =>
      /<td[^>]*>(\d+)<\/td><td[^>]*>(\d+)<\/td>/
        .exec(table.slice(table.indexOf(`(<!-- -->${week}<!-- -->)`)))
        ?.slice(1, 3);
    expect(row('2026-W47')).toEqual(['2', '5']);
    expect(row('2026-W46')).toEqual(['1', '1']);
  });

  it('carries the signals into CSV, JSON Feed and STIX exports, filtered alike', async () => {
    const csv = await (await fetch(`${app.url}/api/briefs.csv?epss_min=0.5`)).text();
    const rows = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows.map((r) => [r.slug, r.kev, r.kev_cves, r.max_epss, r.epss])).toEqual([
      [
        'b1',
        'yes',
        'CVE-2024-3400 (added 2024-04-12, due 2024-04-19)',
        '0.94301',
        'CVE-2024-3400 0.94301 (percentile 0.99912); CVE-2024-0001 0.02 (percentile 0.801)',
      ],
      [
        'b2',
        'yes',
        'CVE-2023-4966 (added 2023-10-18, due 2023-11-08)',
        '0.5',
        'CVE-2023-4966 0.5 (percentile 0.97)',
      ],
      [
        'b6',
        'yes',
        'CVE-2024-3400 (added 2024-04-12, due 2024-04-19)',
        '0.94301',
        'CVE-2024-3400 0.94301 (percentile 0.99912)',
      ],
    ]);

    const feed = await getJson<{ items: Record<string, unknown>[] }>(app, '/feed.json?kev=false');
    expect(feed.items.map((i) => [i.url, i._kev, i._epss_max, i._cve_signals])).toEqual([
      [
        `${app.url}/briefs/b3`,
        false,
        0.1,
        [{ id: 'CVE-2022-0001', epss: { score: 0.1, percentile: 0.93, date: '2026-11-30' } }],
      ],
      [`${app.url}/briefs/b4`, false, null, []],
      [`${app.url}/briefs/b5`, false, null, []],
    ]);

    const bundle = await getJson<{ objects: Record<string, unknown>[] }>(
      app,
      '/api/briefs.stix.json?kev=true',
    );
    const vuln = bundle.objects.find(
      (o) => o.type === 'vulnerability' && o.name === 'CVE-2024-3400',
    );
    expect(vuln?.external_references).toEqual([
      {
        source_name: 'cve',
        external_id: 'CVE-2024-3400',
        url: 'https://nvd.nist.gov/vuln/detail/CVE-2024-3400',
      },
      {
        source_name: 'cisa-kev',
        url: 'https://www.cisa.gov/known-exploited-vulnerabilities-catalog',
        description:
          "In CISA's Known Exploited Vulnerabilities catalog since 2024-04-12; due 2024-04-19; known ransomware campaign use: unknown; required action: Apply the hotfix.",
      },
      {
        source_name: 'first-epss',
        url: 'https://api.first.org/data/v1/epss?cve=CVE-2024-3400',
        description: 'EPSS 0.94301 (percentile 0.99912) on 2026-11-30',
      },
    ]);
    expect(vuln?.modified).toBe('2026-11-30T00:00:00.000Z');
    if (hasStixSchemas) expect(loadStixValidator().validateBundle(bundle)).toEqual([]);
  });

  // Each fault: the error shows in /api/status, the last good values keep serving, and the
  // upstream's recovery clears the error.
  const faults: [string, () => void, RegExp, 'kev' | 'epss'][] = [
    ['a truncated EPSS file', () => up.fault('truncated', { path: EPSS_PATH }), /EPSS/, 'epss'],
    [
      'an oversized EPSS file',
      () => up.fault('oversized', { path: EPSS_PATH }),
      /larger than the 4 MB cap/,
      'epss',
    ],
    [
      'an EPSS line of 1 MB',
      () =>
        up.setSignals({
          epss: gzipSync(`${makeEpssCsv(EPSS_ROWS)}CVE-2024-9999,0.1,${'1'.repeat(1 << 20)}\n`),
        }),
      /longer than 1024 characters/,
      'epss',
    ],
    ['a 404 for EPSS', () => up.fault('http404', { path: EPSS_PATH }), /404/, 'epss'],
    [
      'an EPSS timeout',
      () => up.fault('slow', { path: EPSS_PATH }),
      /did not answer within 8000 ms/,
      'epss',
    ],
    [
      'a KEV document of the wrong shape',
      () => up.setSignals({ kev: { vulnerabilities: [{ cveID: 'CVE-2024-3400' }] } }),
      /not in CISA's shape/,
      'kev',
    ],
    ['a 404 for KEV', () => up.fault('http404', { path: KEV_PATH }), /HTTP 404/, 'kev'],
    ['a KEV timeout', () => up.fault('slow', { path: KEV_PATH }), /did not answer/, 'kev'],
  ];
  for (const [name, apply, error, kind] of faults) {
    it(`keeps the last good data on ${name} and shows the error`, async () => {
      apply();
      const s = await waitFor(async () => {
        const now = await status(app);
        const lastError = now.signals[kind].lastError;
        return lastError !== null && error.test(lastError) ? now : null;
      }, 30_000);
      expect(s.signals[kind].source).toBe('upstream');
      const answer = await list(app);
      expect(Object.fromEntries(answer.items.map((i) => [i.slug, i.signals]))).toEqual(
        EXPECTED_SIGNALS,
      );
      up.fault(null);
      up.setSignals({ kev: KEV, epss: EPSS });
      await waitFor(async () => (await status(app)).signals[kind].lastError === null, 30_000);
    }, 60_000);
  }

  it('serves the saved KEV and EPSS after a restart with no network', async () => {
    await app.stop();
    up.fault('down');
    const again = await startApp(env());
    apps.push(again);
    const s = await status(again);
    expect(s.source).toBe('disk');
    expect(s.signals.kev.source).toBe('disk');
    expect(s.signals.epss.source).toBe('disk');
    const answer = await list(again);
    expect(Object.fromEntries(answer.items.map((i) => [i.slug, i.signals]))).toEqual(
      EXPECTED_SIGNALS,
    );
    // The refresh at start failed (the upstreams are down): said, data kept.
    await waitFor(async () => (await status(again)).signals.epss.lastError, 30_000);
    expect(Object.fromEntries((await list(again)).items.map((i) => [i.slug, i.signals]))).toEqual(
      EXPECTED_SIGNALS,
    );

    // With both upstreams off, the briefs carry no signals and the rest is as it was.
    const off = await startApp({ ...env(), KEV_URL: 'off', EPSS_URL: 'off' });
    apps.push(off);
    const withSignals = await list(again);
    const without = await list(off);
    expect(without.items).toEqual(withSignals.items.map(({ signals: _s, ...rest }) => rest));
    expect(without.facets.kev).toEqual([]);
    expect(without.facets.epss).toEqual([]);
    const { kev: _k, epss: _e, ...facets } = withSignals.facets;
    const { kev: _k2, epss: _e2, ...facetsOff } = without.facets;
    expect(facetsOff).toEqual(facets);
    const offStatus = await status(off);
    expect([offStatus.signals.kev.source, offStatus.signals.epss.source]).toEqual(['none', 'none']);
    const csv = await (await fetch(`${off.url}/api/briefs.csv`)).text();
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      'slug,title,date,type,severity,vendors,products,actors,tags,cves,techniques,url,external_url,indicators,indicator_types,confidence',
    );
    expect(await (await fetch(`${off.url}/briefs/b2`)).text()).not.toContain('cve-signals');
    await again.stop();
    await off.stop();
  }, 120_000);
});

describe('the offline demo', () => {
  it('shows the bundled KEV and EPSS values of the demo snapshot, fetching nothing', async () => {
    const demo = await startApp({ FEED_URL: 'offline', KEV_URL: 'offline', EPSS_URL: 'offline' });
    apps.push(demo);
    const s = await status(demo);
    expect([s.signals.kev.source, s.signals.epss.source]).toEqual(['bundled', 'bundled']);
    expect(s.signals.kev.matched).toBeGreaterThan(0);
    const kev = await list(demo, 'kev=true&cve=CVE-2021-21974');
    expect(kev.total).toBeGreaterThan(0);
    const slug = kev.items[0]!.slug;
    const detail = await getJson<{ cveSignals: { id: string; kev: unknown; epss: unknown }[] }>(
      demo,
      `/api/briefs/${slug}`,
    );
    expect(detail.cveSignals.find((c) => c.id === 'CVE-2021-21974')).toMatchObject({
      kev: { dateAdded: '2026-05-21', dueDate: '2026-06-11' },
      epss: { epss: 0.48195, percentile: 0.76984, scoreDate: '2026-12-01' },
    });
    await demo.stop();
  }, 60_000);
});
