import { readFile } from 'node:fs/promises';
import type { APIRequestContext } from '@playwright/test';
import { BASIC_TECHNIQUE_COUNTS } from '@/dev/fixtures/basic';
import { E2E, expect, rowLinks, test, waitForFeed } from './helpers';

// The ATT&CK matrix and its Navigator layer against the `basic` fixture. Expected cells come from
// the API (each brief's techniques and the tactics the catalog gives them), folded here
// independently of lib/briefs/attack-matrix.ts, plus literals from the fixture.

const BASE = E2E.basic.app;
const TACTICS = [
  'reconnaissance',
  'resource-development',
  'initial-access',
  'execution',
  'persistence',
  'privilege-escalation',
  'defense-evasion',
  'credential-access',
  'discovery',
  'lateral-movement',
  'collection',
  'command-and-control',
  'exfiltration',
  'impact',
];

interface Detail {
  slug: string;
  title: string;
  techniques: { id: string; name: string | null; tactics: string[] }[];
}

async function fetchDetails(request: APIRequestContext, query: string): Promise<Detail[]> {
  const slugs: string[] = [];
  for (let page = 1; ; page++) {
    const res = await request.get(
      `${BASE}/api/briefs?${query}${query ? '&' : ''}pageSize=200&page=${page}`,
    );
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { total: number; items: { slug: string }[] };
    slugs.push(...body.items.map((i) => i.slug));
    if (slugs.length >= body.total || body.items.length === 0) break;
  }
  return Promise.all(
    slugs.map(async (slug) => {
      const res = await request.get(`${BASE}/api/briefs/${encodeURIComponent(slug)}`);
      expect(res.status()).toBe(200);
      return (await res.json()) as Detail;
    }),
  );
}

const parentOf = (id: string) => id.split('.')[0]!;
const add = (map: Map<string, Set<string>>, key: string, slug: string) =>
  map.set(key, (map.get(key) ?? new Set()).add(slug));
const counts = (map: Map<string, Set<string>>) =>
  Object.fromEntries([...map].map(([k, v]) => [k, v.size]));

/** `tactic|T1059` -> briefs carrying T1059 or a sub-technique; `tactic|T1059.001` for sub-techniques; unknown by id. */
function expectMatrix(details: Detail[]) {
  const cells = new Map<string, Set<string>>();
  const subs = new Map<string, Set<string>>();
  const unknown = new Map<string, Set<string>>();
  for (const brief of details) {
    for (const t of brief.techniques) {
      const tactics = t.tactics.filter((x) => TACTICS.includes(x));
      if (tactics.length === 0) add(unknown, t.id, brief.slug);
      for (const tactic of tactics) {
        add(cells, `${tactic}|${parentOf(t.id)}`, brief.slug);
        if (t.id.includes('.')) add(subs, `${tactic}|${t.id}`, brief.slug);
      }
    }
  }
  return { cells: counts(cells), subs: counts(subs), unknown: counts(unknown) };
}

async function readMatrix(page: import('@playwright/test').Page) {
  return page.evaluate(() => {
    const read = (selector: string, attr: string) =>
      Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>(selector)].map((el) => [
          `${el.closest<HTMLElement>('section[data-tactic]')?.dataset.tactic}|${el.getAttribute(attr)}`,
          Number(el.dataset.count),
        ]),
      );
    const unknown = Object.fromEntries(
      [
        ...document.querySelectorAll<HTMLElement>(
          '[data-testid="unknown-tactic"] li[data-technique]',
        ),
      ].map((el) => [el.dataset.technique, Number(el.dataset.count)]),
    );
    return {
      columns: [...document.querySelectorAll<HTMLElement>('section[data-tactic]')].map(
        (el) => el.dataset.tactic,
      ),
      cells: read('section[data-tactic] li[data-technique]', 'data-technique'),
      subs: read('section[data-tactic] li[data-subtechnique]', 'data-subtechnique'),
      unknown,
    };
  });
}

const cellLink = (page: import('@playwright/test').Page, tactic: string, id: string) =>
  page.locator(`section[data-tactic="${tactic}"] li[data-technique="${id}"] > div > a`);

test.beforeAll(async () => {
  await waitForFeed(BASE);
});

test('the unfiltered matrix has 14 tactic columns and the fixture counts', async ({
  page,
  request,
}) => {
  const details = await fetchDetails(request, '');
  await page.goto('/attack');
  await expect(page.getByRole('heading', { level: 1, name: 'ATT&CK matrix' })).toBeVisible();
  const matrix = await readMatrix(page);
  expect(matrix.columns).toEqual(TACTICS);
  const expected = expectMatrix(details);
  expect(matrix.cells).toEqual(expected.cells);
  expect(matrix.subs).toEqual(expected.subs);
  expect(matrix.unknown).toEqual(expected.unknown);

  // Literals from the fixture: T1190 in 12 briefs; T1059 itself in 2 and T1059.004 in a third.
  expect(matrix.cells['initial-access|T1190']).toBe(BASIC_TECHNIQUE_COUNTS.T1190);
  expect(matrix.cells['execution|T1059']).toBe(
    BASIC_TECHNIQUE_COUNTS.T1059 + BASIC_TECHNIQUE_COUNTS['T1059.004'],
  );
  expect(matrix.subs['execution|T1059.004']).toBe(BASIC_TECHNIQUE_COUNTS['T1059.004']);
});

test('a filtered matrix shows the right cells, counts and shading legend', async ({
  page,
  request,
}) => {
  const query = 'vendor=Fortinet';
  const details = await fetchDetails(request, query);
  expect(details).toHaveLength(4);
  await page.goto(`/attack?${query}`);
  const matrix = await readMatrix(page);
  const expected = expectMatrix(details);
  expect(matrix.cells).toEqual(expected.cells);
  expect(matrix.subs).toEqual(expected.subs);
  expect(matrix.unknown).toEqual(expected.unknown);
  // fortios-ssl-vpn, fortigate-auth-bypass and fortimanager carry T1190; the forum rumour none.
  expect(matrix.cells['initial-access|T1190']).toBe(3);

  // Each parent cell counts what the list filtered by that technique shows.
  for (const key of Object.keys(matrix.cells)) {
    const id = key.split('|')[1]!;
    const res = await request.get(`${BASE}/api/briefs?${query}&technique=${id}&pageSize=1`);
    expect(((await res.json()) as { total: number }).total, id).toBe(matrix.cells[key]);
  }

  await expect(page.getByRole('group', { name: 'Active filters' })).toContainText(
    'Vendor: Fortinet',
  );
  const legend = page.getByRole('list', { name: 'Shading legend' });
  await expect(legend.getByRole('listitem').last()).toHaveText('3');
  await expect(page.getByTestId('matrix-summary')).toContainText(
    '4 briefs match; 3 carry ATT&CK techniques',
  );
});

test('a cell names its technique, shows a tooltip on hover and on keyboard focus, and folds sub-techniques', async ({
  page,
}) => {
  await page.goto('/attack?vendor=Fortinet');
  const link = cellLink(page, 'initial-access', 'T1190');
  await expect(link).toHaveAccessibleName('T1190 Exploit Public-Facing Application: 3 briefs');
  const tooltip = link.locator('xpath=following-sibling::span[1]');
  await expect(tooltip).toBeHidden();
  await link.focus();
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText('T1190');
  await expect(tooltip).toContainText('Exploit Public-Facing Application');
  await expect(tooltip).toContainText('3 briefs');
  await link.blur();
  await expect(tooltip).toBeHidden();
  await link.hover();
  await expect(tooltip).toBeVisible();

  // T1059 is carried only through T1059.004 here: folded, with its own count of 0.
  const parent = page.locator('section[data-tactic="execution"] li[data-technique="T1059"]');
  await expect(parent.locator('> div > a')).toHaveAccessibleName(
    'T1059 Command and Scripting Interpreter: 1 brief, 0 with T1059 itself',
  );
  const sub = parent.locator('li[data-subtechnique="T1059.004"] a');
  await expect(sub).toBeHidden();
  await parent.getByText('1 sub-technique').click();
  await expect(sub).toBeVisible();
  await expect(sub).toHaveAccessibleName('T1059.004 Unix Shell: 1 brief');
  await expect(sub).toHaveAttribute('href', '/?vendor=Fortinet&technique=T1059.004');
});

test('a click on a cell lands on the list filtered by that technique', async ({ page }) => {
  await page.goto('/attack?vendor=Fortinet');
  const count = Number(
    await page
      .locator('section[data-tactic="initial-access"] li[data-technique="T1190"]')
      .getAttribute('data-count'),
  );
  await cellLink(page, 'initial-access', 'T1190').click();
  await page.waitForURL(`${BASE}/?vendor=Fortinet&technique=T1190`);
  await expect(rowLinks(page)).toHaveCount(count);
});

test('the page works without JavaScript and says when the catalog is partial', async ({
  browser,
  request,
}) => {
  const status = (await (await request.get(`${BASE}/api/status`)).json()) as {
    attackCatalog: { partial: boolean };
  };
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BASE}/attack?vendor=Fortinet`);
  await expect(page.locator('section[data-tactic]')).toHaveCount(14);
  const banner = page.getByText('Partial ATT&CK catalog.');
  if (status.attackCatalog.partial) await expect(banner).toBeVisible();
  else await expect(banner).toHaveCount(0);
  const parent = page.locator('section[data-tactic="execution"] li[data-technique="T1059"]');
  await parent.getByText('1 sub-technique').click();
  await expect(parent.locator('li[data-subtechnique="T1059.004"] a')).toBeVisible();
  await context.close();
});

test('the Navigator layer download scores each technique with its briefs', async ({
  page,
  request,
}) => {
  const query = 'vendor=Fortinet';
  const details = await fetchDetails(request, query);
  await page.goto(`/attack?${query}`);
  const layerLink = page.getByRole('link', { name: 'Download ATT&CK Navigator layer' });
  await expect(layerLink).toHaveAttribute('href', `/api/attack/layer?${query}`);
  const [download] = await Promise.all([page.waitForEvent('download'), layerLink.click()]);
  expect(download.suggestedFilename()).toBe('attack-layer.json');
  const layer = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
    name: string;
    versions: { attack: string; navigator: string; layer: string };
    domain: string;
    description: string;
    techniques: {
      techniqueID: string;
      tactic?: string;
      score: number;
      comment: string;
      enabled: boolean;
    }[];
    gradient: { colors: string[]; minValue: number; maxValue: number };
    legendItems: { label: string; color: string }[];
    sorting: number;
    layout: object;
    hideDisabled: boolean;
    selectTechniquesAcrossTactics: boolean;
  };

  expect(layer.versions).toEqual({
    attack: expect.stringMatching(/^\d+$/),
    navigator: '5.1.0',
    layer: '4.5',
  });
  expect(layer.domain).toBe('enterprise-attack');
  expect(layer.name).toContain('Vendor: Fortinet');
  expect(layer.description).toContain('Vendor: Fortinet');
  expect(layer.description).toContain('CraftedSignal threat feed');
  expect(typeof layer.sorting).toBe('number');
  expect(typeof layer.layout).toBe('object');
  expect(layer.hideDisabled).toBe(false);
  expect(layer.selectTechniquesAcrossTactics).toBe(true);
  expect(layer.gradient.colors.length).toBeGreaterThanOrEqual(2);
  expect(layer.gradient.maxValue).toBeGreaterThan(layer.gradient.minValue);
  expect(layer.legendItems.length).toBeGreaterThan(0);

  // One entry per (id, known tactic), or one without tactic; score = briefs carrying exactly the id.
  const expected: { techniqueID: string; tactic?: string; score: number }[] = [];
  const byId = new Map<string, { tactics: string[]; briefs: Set<string>; titles: string[] }>();
  for (const brief of details) {
    for (const t of brief.techniques) {
      const entry = byId.get(t.id) ?? {
        tactics: t.tactics.filter((x) => TACTICS.includes(x)),
        briefs: new Set(),
        titles: [],
      };
      entry.briefs.add(brief.slug);
      entry.titles.push(brief.title);
      byId.set(t.id, entry);
    }
  }
  for (const [id, { tactics, briefs }] of byId) {
    if (tactics.length === 0) expected.push({ techniqueID: id, score: briefs.size });
    for (const tactic of tactics) expected.push({ techniqueID: id, tactic, score: briefs.size });
  }
  const key = (t: { techniqueID: string; tactic?: string }) => `${t.techniqueID}|${t.tactic ?? ''}`;
  expect(
    layer.techniques
      .map((t) => ({
        techniqueID: t.techniqueID,
        ...(t.tactic ? { tactic: t.tactic } : {}),
        score: t.score,
      }))
      .sort((a, b) => key(a).localeCompare(key(b))),
  ).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
  for (const t of layer.techniques) {
    expect(t.enabled).toBe(true);
    for (const title of byId.get(t.techniqueID)!.titles) expect(t.comment).toContain(title);
  }
  expect(layer.techniques.find((t) => t.techniqueID === 'T1190')!.score).toBe(3);
});

test('the layer endpoint names a bad parameter and ignores paging', async ({ request }) => {
  const bad = await request.get(`${BASE}/api/attack/layer?technique=nope`);
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { parameter: string } }).error.parameter).toBe(
    'technique',
  );
  const paged = await request.get(`${BASE}/api/attack/layer?page=7&pageSize=100000`);
  expect(paged.status()).toBe(200);
  expect(paged.headers()['content-disposition']).toBe('attachment; filename="attack-layer.json"');
  const layer = (await paged.json()) as { techniques: { techniqueID: string; score: number }[] };
  expect(layer.techniques.find((t) => t.techniqueID === 'T1190')!.score).toBe(
    BASIC_TECHNIQUE_COUNTS.T1190,
  );
  expect(layer.techniques.find((t) => t.techniqueID === 'T1059')!.score).toBe(
    BASIC_TECHNIQUE_COUNTS.T1059,
  );
});

test('the matrix opens a folded technique in light and dark themes (screenshots saved)', async ({
  browser,
}) => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({
      colorScheme,
      viewport: { width: 1440, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${BASE}/attack`);
    const cell = page.locator('section[data-tactic="execution"] li[data-technique="T1059"]');
    await cell.locator('summary').click();
    await expect(cell.locator('details')).toHaveAttribute('open', '');
    await page.screenshot({ path: `e2e/screenshots/attack-${colorScheme}.png`, fullPage: true });
    await context.close();
  }
});

test('a bad filter on the matrix or trends page answers 400 with a panel naming it; paging and unknown parameters pass', async ({
  page,
  consoleErrors,
}) => {
  consoleErrors.allow(/status of 400/);
  for (const path of ['/attack', '/trends']) {
    const bad = await page.goto(`${BASE}${path}?severity=bogus&page=-1`);
    expect(bad?.status(), path).toBe(400);
    const alert = page.getByRole('alert').filter({ hasText: 'invalid filter' });
    await expect(alert).toContainText('severity');
    await expect(alert).toContainText('bogus');
    // The way back stays on the same page, without filters.
    await expect(alert.getByRole('link')).toHaveAttribute('href', path);
    // Paging means nothing for a whole view, and tracking parameters are not the dashboard's.
    const fine = await page.goto(`${BASE}${path}?severity=high&page=-1&utm_source=chat`);
    expect(fine?.status(), path).toBe(200);
    await expect(page.getByRole('alert').filter({ hasText: 'invalid filter' })).toHaveCount(0);
  }
});
