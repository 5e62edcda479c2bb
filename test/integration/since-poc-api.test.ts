import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';
import { startApp, waitFor, type AppServer } from '@/dev/app-server';

// since= and poc= through the production server (`next start`), against the upstream stand-in,
// in the list API and in an export.

function item(n: number) {
  const slug = `2026-10-since-poc-${String(n).padStart(2, '0')}`;
  const published = new Date(Date.UTC(2026, 9, n, 12)).toISOString();
  return {
    id: `/briefs/${slug}/`,
    url: `https://feed.craftedsignal.io/briefs/${slug}/`,
    title: `Since/PoC brief ${n}`,
    summary: `Summary ${n}`,
    content_html: `<p>Body ${n}</p>`,
    date_published: published,
    // Brief 2 was updated long after it was published.
    date_modified: n === 2 ? '2026-10-25T08:00:00Z' : published,
    _cs_type: 'threat',
    _cs_severities: ['high'],
    _cs_exploited: n % 2 === 0,
    // 1-4 carry the flag, 5 only references, the rest neither.
    ...(n <= 4 ? { _cs_has_poc: true } : {}),
    ...(n === 5 ? { _cs_poc_references: ['https://github.com/example/poc'] } : {}),
  };
}
const ITEMS = Array.from({ length: 20 }, (_, i) => item(i + 1));

let up: UpstreamStandIn;
let app: AppServer;

async function getJson(path: string) {
  const res = await fetch(`${app.url}${path}`);
  return {
    res,
    body: (await res.json()) as {
      total: number;
      items: { slug: string; hasPoc: boolean }[];
      facets: Record<string, { value: string; count: number }[]>;
      error?: { parameter?: string; message: string };
    },
  };
}

beforeAll(async () => {
  up = await startUpstream();
  up.setItems(ITEMS, { pageSize: 10 });
  app = await startApp({ FEED_URL: up.feedUrl, FEED_STIX_URL: 'off', FEED_REFRESH_SECONDS: '60' });
  await waitFor(async () => {
    const res = await fetch(`${app.url}/api/status`);
    return ((await res.json()) as { source: string }).source === 'upstream';
  });
});
afterAll(async () => {
  await app?.stop();
  await up?.close();
});

const slug = (n: number) => `2026-10-since-poc-${String(n).padStart(2, '0')}`;

describe('GET /api/briefs?since=', () => {
  it('matches briefs published or modified since a day or a moment', async () => {
    const day = await getJson('/api/briefs?since=2026-10-18');
    expect(day.res.status).toBe(200);
    expect(day.body.items.map((i) => i.slug)).toEqual([20, 19, 18, 2].map(slug));
    const moment = await getJson(
      `/api/briefs?since=${encodeURIComponent('2026-10-19T14:00:00+02:00')}`,
    );
    expect(moment.body.items.map((i) => i.slug)).toEqual([20, 19, 2].map(slug));
    const count = await getJson('/api/briefs?since=2026-10-25T08:00:00Z&pageSize=1');
    expect(count.body.total).toBe(1);
  });

  it('narrows an export the same way', async () => {
    const res = await fetch(`${app.url}/api/briefs.csv?since=2026-10-19&poc=false`);
    expect(res.status).toBe(200);
    const rows = Papa.parse<Record<string, string>>(await res.text(), { header: true }).data;
    expect(rows.filter((r) => r.slug).map((r) => r.slug)).toEqual([20, 19].map(slug));
  });
});

describe('GET /api/briefs?poc=', () => {
  it('filters on a public PoC (flag or references) and counts it beside exploited', async () => {
    const yes = await getJson('/api/briefs?poc=true');
    expect(yes.body.total).toBe(5);
    expect(yes.body.items.every((i) => i.hasPoc)).toBe(true);
    expect(yes.body.facets.poc).toEqual([
      { value: 'false', count: 15 },
      { value: 'true', count: 5 },
    ]);
    expect(yes.body.facets.exploited).toEqual([
      { value: 'false', count: 3 },
      { value: 'true', count: 2 },
    ]);
    const no = await getJson('/api/briefs?poc=false&exploited=true');
    expect(no.body.total).toBe(8);
    expect(no.body.facets.poc).toEqual([
      { value: 'false', count: 8 },
      { value: 'true', count: 2 },
    ]);
  });
});

describe('bad since= and poc= values', () => {
  it.each([
    ['since=yesterday', 'since'],
    ['since=2026-02-30', 'since'],
    ['since=2026-10-01T25:00:00Z', 'since'],
    ['poc=maybe', 'poc'],
    ['poc=true&poc=false', 'poc'],
  ])('400 naming the parameter for %s', async (query, parameter) => {
    const { res, body } = await getJson(`/api/briefs?${query}`);
    expect(res.status).toBe(400);
    expect(body.error?.parameter).toBe(parameter);
    expect(body.error?.message).toContain(parameter);
    const csv = await fetch(`${app.url}/api/briefs.csv?${query}`);
    expect(csv.status).toBe(400);
  });

  it('answers a page with a bad since= with the 400 page naming it', async () => {
    const res = await fetch(`${app.url}/trends?since=soon`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('since');
  });
});
