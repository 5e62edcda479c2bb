import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';
import { startApp, waitFor, type AppServer } from '@/dev/app-server';

// Responses that do not grow with the feed: a list answer carries each facet's top values and
// their number; /api/facets/{facet} and the /facets/{facet} page reach the rest.

const BRIEFS = 140;
function item(n: number) {
  const slug = `2026-10-facet-test-${String(n).padStart(3, '0')}`;
  return {
    id: `/briefs/${slug}/`,
    url: `https://feed.craftedsignal.io/briefs/${slug}/`,
    title: `Facet test brief ${n}`,
    summary: `Summary ${n}`,
    content_html: `<p>Body ${n}</p>`,
    date_published: new Date(Date.UTC(2026, 9, 1, n)).toISOString(),
    _cs_type: 'threat',
    _cs_severities: [n % 2 ? 'high' : 'critical'],
    _cs_vendors: ['Acme'],
    // One tag per brief, plus one every brief carries: 141 distinct tags.
    _cs_tags: [`tag-${String(n).padStart(3, '0')}`, 'common'],
  };
}

let up: UpstreamStandIn;
let app: AppServer;

type FacetValues = {
  facet: string;
  values: { value: string; count: number }[];
  total: number;
  offset: number;
  limit: number;
  find: string;
};

async function get(path: string) {
  const res = await fetch(`${app.url}${path}`);
  return { res, text: await res.text() };
}
async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
  const { res, text } = await get(path);
  return { status: res.status, body: JSON.parse(text) as T };
}

beforeAll(async () => {
  up = await startUpstream();
  up.setItems(
    Array.from({ length: BRIEFS }, (_, i) => item(i + 1)),
    { pageSize: 50 },
  );
  app = await startApp({ FEED_URL: up.feedUrl, FEED_STIX_URL: 'off' });
  await waitFor(
    async () => (await getJson<{ briefs: number }>('/api/status')).body.briefs === BRIEFS,
  );
});
afterAll(async () => {
  await app?.stop();
  await up?.close();
});

describe('capped facet lists', () => {
  it('/api/briefs carries the top 50 values of a facet and the number of distinct values', async () => {
    const { body } = await getJson<{
      facets: Record<string, { value: string; count: number }[]>;
      facetTotals: Record<string, number>;
    }>('/api/briefs');
    expect(body.facets.tag).toHaveLength(50);
    expect(body.facets.tag![0]).toEqual({ value: 'common', count: BRIEFS });
    expect(body.facetTotals.tag).toBe(BRIEFS + 1);
    expect(body.facetTotals.vendor).toBe(1);
  });

  it('the rest of a facet is reachable through /api/facets, page by page, with the same filters', async () => {
    const seen: string[] = [];
    for (let offset = 0; ; offset += 40) {
      const { status, body } = await getJson<FacetValues>(
        `/api/facets/tag?severity=high&offset=${offset}&limit=40`,
      );
      expect(status).toBe(200);
      expect(body.total).toBe(BRIEFS / 2 + 1);
      seen.push(...body.values.map((v) => v.value));
      if (body.values.length < 40) break;
    }
    expect(seen).toHaveLength(BRIEFS / 2 + 1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen[0]).toBe('common');
    expect(seen).toContain('tag-139'); // odd n are high
    expect(seen).not.toContain('tag-140');
  });

  it('finds the values containing a term, and counts the facet disjunctively', async () => {
    const { body } = await getJson<FacetValues>('/api/facets/tag?find=TAG-13&tag=tag-001');
    expect(body.total).toBe(10); // tag-130 .. tag-139
    expect(body.values.map((v) => v.value)).toContain('tag-135');
    expect(body.values.every((v) => v.count === 1)).toBe(true);
    const severities = await getJson<FacetValues>('/api/facets/severity?severity=high&tag=tag-002');
    expect(severities.body.values).toEqual([
      { value: 'critical', count: 1 },
      { value: 'high', count: 0 },
    ]);
  });

  it.each([
    ['/api/facets/colour', 'facet'],
    ['/api/facets/tag?limit=0', 'limit'],
    ['/api/facets/tag?limit=abc', 'limit'],
    ['/api/facets/tag?limit=100000', 'limit'],
    ['/api/facets/tag?offset=-1', 'offset'],
    ['/api/facets/tag?offset=1.5', 'offset'],
    [`/api/facets/tag?find=${'x'.repeat(201)}`, 'find'],
    ['/api/facets/tag?find=a&find=b', 'find'],
    ['/api/facets/tag?severity=bogus', 'severity'],
    ['/api/facets/tag?utm_source=x', 'utm_source'],
  ])('%s answers 400 naming %s', async (path, parameter) => {
    const { status, body } = await getJson<{ error: { parameter: string; message: string } }>(path);
    expect(status).toBe(400);
    expect(body.error.parameter).toBe(parameter);
    expect(body.error.message).toBeTruthy();
  });
});

describe('pages without JavaScript', () => {
  it('the list page renders a bounded number of checkboxes and links to the whole facet', async () => {
    const { res, text } = await get('/');
    expect(res.status).toBe(200);
    const tagBoxes = text.match(/<input[^>]*name="tag"/g) ?? [];
    expect(tagBoxes.length).toBeLessThanOrEqual(50);
    expect(text).toContain('href="/facets/tag"');
  });

  it('/facets/{facet} lists every value as a link toggling it on the list', async () => {
    const { res, text } = await get('/facets/tag?severity=critical');
    expect(res.status).toBe(200);
    const links = [...text.matchAll(/href="(\/\?[^"]*tag=[^"]*)"/g)].map((m) => m[1]!);
    expect(links).toHaveLength(BRIEFS / 2 + 1);
    expect(links).toContain('/?severity=critical&amp;tag=tag-140');
    const found = await get('/facets/tag?find=tag-14');
    expect([...found.text.matchAll(/href="\/\?tag=tag-14\d"/g)]).toHaveLength(1);
  });

  it('an unknown facet is a 404 page', async () => {
    expect((await get('/facets/colour')).res.status).toBe(404);
  });
});
