import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, tempCacheDir, waitFor, type AppServer } from '@/dev/app-server';
import { gzipCsv, makeEpssCsv, makeKevDocument } from '@/dev/signals';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';
import { hasStixSchemas, loadStixValidator } from '@/test/support/stix-schemas';

// KEV and EPSS through the TAXII 2.1 server of the production build, against the stand-ins of
// both upstreams: a collection's vulnerabilities carry the same KEV and EPSS references as the
// STIX export; a new EPSS day and a CVE added to KEV make new versions of exactly those objects,
// with a later date_added that an added_after poll returns; a `next` cursor handed out before
// the change still reaches every object; and a restart keeps the stamps.

const TAXII = 'application/taxii+json;version=2.1';

const item = (slug: string, day: string, cves: string[]) => ({
  id: `/briefs/${slug}/`,
  url: `https://feed.craftedsignal.io/briefs/${slug}/`,
  title: `TAXII signals ${slug}`,
  summary: `Brief ${slug}.`,
  content_html: `<p>Body of ${slug}.</p>`,
  date_published: `2026-11-${day}T10:00:00Z`,
  _cs_type: 'threat',
  _cs_severities: ['high'],
  _cs_actors: ['Volt Typhoon'],
  _cs_cves: cves.map((id) => ({ id, cvss: 9.1 })),
});

const ITEMS = [
  item('t1', '20', ['CVE-2024-3400', 'CVE-2024-0001']),
  item('t2', '19', ['CVE-2023-4966']),
  item('t3', '18', []),
];

const KEV_3400 = {
  cveID: 'CVE-2024-3400',
  dateAdded: '2024-04-12',
  dueDate: '2024-04-19',
  requiredAction: 'Apply the hotfix.',
  knownRansomwareCampaignUse: 'Unknown',
};
const KEV_V1 = makeKevDocument([KEV_3400], { catalogVersion: '2026.11.30' });
// The next day: CVE-2024-0001 joins the catalog.
const KEV_V2 = makeKevDocument(
  [
    KEV_3400,
    {
      cveID: 'CVE-2024-0001',
      dateAdded: '2026-12-01',
      dueDate: '2026-12-22',
      requiredAction: 'Patch now.',
      knownRansomwareCampaignUse: 'Known',
    },
  ],
  { catalogVersion: '2026.12.01' },
);
const EPSS_V1 = gzipCsv(
  makeEpssCsv(
    [
      { cve: 'CVE-2024-3400', epss: '0.94301', percentile: '0.99912' },
      { cve: 'CVE-2024-0001', epss: '0.02000', percentile: '0.80100' },
    ],
    { filler: 50, scoreDate: '2026-11-30' },
  ),
);
// A new EPSS day: CVE-2024-3400's score moves; CVE-2023-4966 (not in KEV) still has none.
const EPSS_V2 = gzipCsv(
  makeEpssCsv(
    [
      { cve: 'CVE-2024-3400', epss: '0.95000', percentile: '0.99950' },
      { cve: 'CVE-2024-0001', epss: '0.02000', percentile: '0.80100' },
    ],
    { filler: 50, scoreDate: '2026-12-01' },
  ),
);

interface StixObject {
  type: string;
  id: string;
  name?: string;
  modified: string;
  external_references?: { source_name: string; external_id?: string; description?: string }[];
}
interface Envelope {
  more?: boolean;
  next?: string;
  objects?: StixObject[];
}
interface Manifest {
  more?: boolean;
  next?: string;
  objects?: { id: string; date_added: string; version: string; media_type: string }[];
}
interface Status {
  source: string;
  signals: {
    kev: { source: string; version: string | null; matched: number };
    epss: { source: string; date: string | null; matched: number };
  };
}

let up: UpstreamStandIn;
let app: AppServer;
const apps: AppServer[] = [];
const cacheDir = tempCacheDir();
const env = () => ({
  FEED_URL: up.feedUrl,
  FEED_STIX_URL: 'off',
  KEV_URL: up.kevUrl,
  EPSS_URL: up.epssUrl,
  SIGNALS_REFRESH_SECONDS: '1',
  FEED_REFRESH_SECONDS: '3600',
  CACHE_DIR: cacheDir,
});

async function taxiiGet<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { Accept: TAXII } });
  expect(res.status, url).toBe(200);
  expect(res.headers.get('content-type'), url).toBe(TAXII);
  return (await res.json()) as T;
}

/** Follows `next` from `first` (a whole URL with its query) to the end. */
async function follow<T extends { more?: boolean; next?: string; objects?: unknown[] }>(
  url: string,
  params: Record<string, string>,
  next?: string,
): Promise<NonNullable<T['objects']>> {
  const all: unknown[] = [];
  do {
    const qs = new URLSearchParams({ ...params, ...(next ? { next } : {}) });
    const page = await taxiiGet<T>(`${url}?${qs}`);
    all.push(...(page.objects ?? []));
    next = page.more ? page.next : undefined;
  } while (next);
  return all as NonNullable<T['objects']>;
}

const signalsAre = async (kevVersion: string, epssDate: string) => {
  const s = (await (await fetch(`${app.url}/api/status`)).json()) as Status;
  return (
    s.source !== 'none' &&
    s.signals.kev.version === kevVersion &&
    s.signals.epss.date === epssDate &&
    s.signals.epss.matched === 2
  );
};

let collectionUrl = '';
const vulnNamed = (objects: StixObject[], cve: string) =>
  objects.find((o) => o.type === 'vulnerability' && o.name === cve);

beforeAll(async () => {
  up = await startUpstream();
  up.setItems(ITEMS, { pageSize: 10 });
  up.setSignals({ kev: KEV_V1, epss: EPSS_V1 });
  app = await startApp(env());
  apps.push(app);
  await waitFor(() => signalsAre('2026.11.30', '2026-11-30'), 60_000);
  const { collections } = await taxiiGet<{ collections: { id: string; title: string }[] }>(
    `${app.url}/taxii2/briefs/collections/`,
  );
  const all = collections.find((c) => c.title === 'All briefs')!;
  collectionUrl = `${app.url}/taxii2/briefs/collections/${all.id}`;
}, 120_000);

afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await up.close();
});

describe('TAXII with KEV and EPSS', () => {
  let before: StixObject[] = [];
  let lastAdded = '';
  let pendingNext = '';
  let firstPage: StixObject[] = [];

  it('serves vulnerabilities with the KEV and EPSS references of the STIX export, valid STIX', async () => {
    before = await follow<Envelope>(`${collectionUrl}/objects/`, { limit: '3' });
    const ids = before.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    const v3400 = vulnNamed(before, 'CVE-2024-3400')!;
    expect(v3400.external_references?.map((r) => r.source_name)).toEqual([
      'cve',
      'cisa-kev',
      'first-epss',
    ]);
    expect(v3400.external_references?.[1]?.description).toBe(
      "In CISA's Known Exploited Vulnerabilities catalog since 2024-04-12; due 2024-04-19; known ransomware campaign use: unknown; required action: Apply the hotfix.",
    );
    expect(v3400.external_references?.[2]?.description).toBe(
      'EPSS 0.94301 (percentile 0.99912) on 2026-11-30',
    );
    expect(v3400.modified).toBe('2026-11-30T00:00:00.000Z');
    // Only the CVE's own reference carries an external_id (the schema allows no other).
    expect(v3400.external_references?.slice(1).every((r) => r.external_id === undefined)).toBe(
      true,
    );
    expect(
      vulnNamed(before, 'CVE-2024-0001')?.external_references?.map((r) => r.source_name),
    ).toEqual(['cve', 'first-epss']);
    const bare = vulnNamed(before, 'CVE-2023-4966')!;
    expect(bare.external_references?.map((r) => r.source_name)).toEqual(['cve']);
    expect(bare.modified).toBe('2024-01-01T00:00:00.000Z');

    // Exactly the objects of the STIX export of the same view, the same content.
    const bundle = (await (await fetch(`${app.url}/api/briefs.stix.json`)).json()) as {
      objects: StixObject[];
    };
    expect([...ids].sort()).toEqual(bundle.objects.map((o) => o.id).sort());
    expect(vulnNamed(bundle.objects, 'CVE-2024-3400')).toEqual(v3400);
    if (hasStixSchemas) {
      const validator = loadStixValidator();
      expect(before.flatMap((o) => validator.validateObject(o))).toEqual([]);
    }

    // Get an Object, its versions and the manifest say the same version.
    const one = await taxiiGet<Envelope>(`${collectionUrl}/objects/${v3400.id}/`);
    expect(one.objects).toEqual([v3400]);
    const versions = await taxiiGet<{ versions: string[] }>(
      `${collectionUrl}/objects/${v3400.id}/versions/`,
    );
    expect(versions.versions).toEqual(['2026-11-30T00:00:00.000Z']);
    const manifest = await follow<Manifest>(`${collectionUrl}/manifest/`, { limit: '4' });
    expect(manifest.find((m) => m.id === v3400.id)?.version).toBe('2026-11-30T00:00:00.000Z');
    lastAdded = manifest
      .map((m) => m.date_added)
      .sort()
      .at(-1)!;

    // A page taken now, its `next` followed only after the signals change.
    const page = await taxiiGet<Envelope>(`${collectionUrl}/objects/?limit=2`);
    firstPage = page.objects ?? [];
    expect(page.more).toBe(true);
    pendingNext = page.next!;
  });

  it('makes a new EPSS day and a CVE added to KEV new versions that added_after returns', async () => {
    // date_added has millisecond precision: a clear gap keeps the new stamps after lastAdded.
    await new Promise((r) => setTimeout(r, 1100));
    up.setSignals({ kev: KEV_V2, epss: EPSS_V2 });
    await waitFor(() => signalsAre('2026.12.01', '2026-12-01'), 30_000);

    const added = await follow<Envelope>(`${collectionUrl}/objects/`, {
      limit: '1',
      added_after: lastAdded,
    });
    // Exactly the two changed vulnerabilities: the reports, the bare CVE and the rest stay as
    // the client has them.
    expect(added.map((o) => o.name).sort()).toEqual(['CVE-2024-0001', 'CVE-2024-3400']);
    const v3400 = vulnNamed(added, 'CVE-2024-3400')!;
    expect(v3400.id).toBe(vulnNamed(before, 'CVE-2024-3400')!.id);
    expect(v3400.modified).toBe('2026-12-01T00:00:00.000Z');
    expect(v3400.external_references?.[2]?.description).toBe(
      'EPSS 0.95 (percentile 0.9995) on 2026-12-01',
    );
    const v0001 = vulnNamed(added, 'CVE-2024-0001')!;
    expect(v0001.external_references?.map((r) => r.source_name)).toEqual([
      'cve',
      'cisa-kev',
      'first-epss',
    ]);
    expect(v0001.external_references?.[1]?.description).toContain(
      'known ransomware campaign use: known',
    );
    if (hasStixSchemas) {
      const validator = loadStixValidator();
      expect(added.flatMap((o) => validator.validateObject(o))).toEqual([]);
    }

    // The manifest: later date_added, the new version; versions says the same.
    const manifest = await follow<Manifest>(`${collectionUrl}/manifest/`, {
      limit: '10',
      added_after: lastAdded,
    });
    expect(manifest.map((m) => [m.id, m.version]).sort()).toEqual(
      [
        [v3400.id, '2026-12-01T00:00:00.000Z'],
        [v0001.id, '2026-12-01T00:00:00.000Z'],
      ].sort(),
    );
    expect(manifest.every((m) => m.date_added > lastAdded)).toBe(true);
    const versions = await taxiiGet<{ versions: string[] }>(
      `${collectionUrl}/objects/${v3400.id}/versions/`,
    );
    expect(versions.versions).toEqual(['2026-12-01T00:00:00.000Z']);
    // The same as the STIX export now carries.
    const bundle = (await (await fetch(`${app.url}/api/briefs.stix.json`)).json()) as {
      objects: StixObject[];
    };
    expect(vulnNamed(bundle.objects, 'CVE-2024-3400')).toEqual(v3400);

    // The cursor handed out before the change still reaches every object, the changed ones last.
    const rest = await follow<Envelope>(`${collectionUrl}/objects/`, { limit: '2' }, pendingNext);
    const reached = new Set([...firstPage, ...rest].map((o) => o.id));
    expect([...reached].sort()).toEqual(before.map((o) => o.id).sort());
    expect(
      rest
        .slice(-2)
        .map((o) => o.name)
        .sort(),
    ).toEqual(['CVE-2024-0001', 'CVE-2024-3400']);
    expect(vulnNamed(rest, 'CVE-2024-3400')?.modified).toBe('2026-12-01T00:00:00.000Z');

    // Nothing changed since: an added_after poll from the newest stamp is empty.
    const newest = manifest
      .map((m) => m.date_added)
      .sort()
      .at(-1)!;
    expect(await follow<Envelope>(`${collectionUrl}/objects/`, { added_after: newest })).toEqual(
      [],
    );
  }, 60_000);

  it('keeps the date_added of each version across a restart', async () => {
    const stamps = async () =>
      Object.fromEntries(
        (await follow<Manifest>(`${collectionUrl}/manifest/`, { limit: '100' })).map((m) => [
          m.id,
          m.date_added,
        ]),
      );
    const beforeRestart = await stamps();
    await app.stop();
    const collectionPath = new URL(collectionUrl).pathname;
    app = await startApp(env());
    apps.push(app);
    collectionUrl = `${app.url}${collectionPath}`;
    await waitFor(() => signalsAre('2026.12.01', '2026-12-01'), 30_000);
    expect(await stamps()).toEqual(beforeRestart);
  }, 90_000);
});
