import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { BASIC_FULL_BRIEFS, basicItems } from '../dev/fixtures/basic';
import { isCovered } from '../lib/workflow/coverage-layer';
import { expect, fetchList, rowLinks, test, waitForHydration } from './helpers';
import {
  WORKFLOW,
  expectAxeClean,
  expectNoHorizontalScroll,
  freshFortinetItem,
  resetFeed,
  serveItems,
} from './workflow-helpers';

// What is rising on /trends, Compare with my coverage on /attack, and every new control under
// axe in both themes and at 375 px, on the workflow app and its own stand-in.

test.use({ baseURL: WORKFLOW.app });
test.describe.configure({ mode: 'serial' });

const COVERED = ['T1190', 'T1059', 'T1486'];
const LAYER = JSON.stringify({
  name: 'SOC detections',
  domain: 'enterprise-attack',
  versions: { attack: '17', navigator: '5.1.0', layer: '4.5' },
  techniques: [
    ...COVERED.map((techniqueID) => ({ techniqueID, score: 1 })),
    { techniqueID: 'T1621', score: 0 },
  ],
});

async function loadLayer(page: Page, text: string, name = 'coverage.json') {
  await page
    .getByTestId('coverage-file')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

test.beforeAll(async () => {
  // Three fresh Fortinet briefs: Fortinet had one in the four weeks before this one.
  const stamp = Date.now();
  await serveItems([...[1, 2, 3].map((n) => freshFortinetItem(n, stamp)), ...basicItems]);
  await expect
    .poll(
      async () =>
        (await fetch(`${WORKFLOW.app}/api/briefs?pageSize=1`).then((r) => r.json())).total,
      {
        timeout: 30_000,
      },
    )
    .toBe(basicItems.length + 3);
});
test.afterAll(async () => {
  await resetFeed();
});

test('what is rising lists the vendor whose count the fixture raised, linked to the period', async ({
  page,
}) => {
  await page.goto('/trends');
  const week = page.getByRole('region', { name: /^Last 7 days/ });
  const vendors = week.getByRole('region', { name: 'Vendors' });
  const row = vendors.locator('tr[data-rising-value="Fortinet"]');
  await expect(row).toBeVisible();
  // 3 this week against the fixture's Fortinet briefs of the 4 weeks before, per week.
  const today = Math.floor(Date.now() / 86_400_000);
  const earlier = basicItems.filter((item) => {
    const vendors = (item._cs_vendors ?? item.vendors) as string[];
    const ago =
      today - Math.floor(Date.parse(String(item.date_published ?? item.date)) / 86_400_000);
    return vendors.includes('Fortinet') && ago >= 7 && ago < 35;
  }).length;
  const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  await expect(row.getByRole('cell')).toHaveText([
    '3',
    fmt(earlier / 4),
    `+${fmt(3 - earlier / 4)}`,
    /^[\d, ]+$/,
  ]);
  await expect(row.getByTestId('sparkline')).toBeVisible();
  const href = await row.getByRole('link').getAttribute('href');
  const from = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
  expect(href).toBe(`/?vendor=Fortinet&from=${from}`);
  await page.goto(href!);
  await expect(page.getByTestId('result-count')).toContainText('3 briefs');

  // Computed over the current filter: under severity=low, Fortinet is not rising.
  await page.goto('/trends?severity=low');
  await expect(
    page.getByRole('region', { name: /^Last 7 days/ }).locator('tr[data-rising-value="Fortinet"]'),
  ).toHaveCount(0);
});

test('a coverage layer marks covered and uncovered cells; gaps download as a layer', async ({
  page,
  request,
}) => {
  await page.goto('/attack');
  await waitForHydration(page);
  await loadLayer(page, LAYER);
  const summary = page.getByTestId('coverage-summary');
  await expect(summary).toContainText('Layer SOC detections covers');

  // Expected from the API: every technique id the briefs carry, split by the layer.
  const list = await fetchList(page, WORKFLOW.app, 'pageSize=1');
  const carried = list.facets.technique!.map((f) => f.value);
  const uncovered = carried.filter((id) => !isCovered(new Set(COVERED), id));
  expect(uncovered.length).toBeGreaterThan(0);
  await expect(summary).toContainText(
    `covers ${carried.length - uncovered.length} of the ${carried.length} techniques these briefs carry; ${uncovered.length} uncovered`,
  );

  await expect(page.locator('[data-technique="T1190"]')).toHaveAttribute(
    'data-coverage',
    'covered',
  );
  await expect(page.locator('[data-subtechnique="T1059.004"]')).toHaveAttribute(
    'data-coverage',
    'covered',
  );
  await expect(page.locator('[data-technique="T1621"]')).toHaveAttribute(
    'data-coverage',
    'uncovered',
  );
  await expect(page.locator('[data-technique="T1190"] a').first()).toHaveAttribute(
    'aria-label',
    /covered by your layer$/,
  );

  await page.getByLabel('Show only gaps').check();
  await expect(page.locator('[data-technique="T1190"]')).toBeHidden();
  await expect(page.locator('[data-technique="T1621"]')).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download gaps as a layer' }).click(),
  ]);
  const gaps = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
    versions: { layer: string };
    domain: string;
    techniques: { techniqueID: string; score: number }[];
  };
  expect(gaps.versions.layer).toBe('4.5');
  expect(gaps.domain).toBe('enterprise-attack');
  expect(gaps.techniques.map((t) => t.techniqueID).sort()).toEqual([...uncovered].sort());
  for (const t of gaps.techniques) {
    expect(t.score).toBe(list.facets.technique!.find((f) => f.value === t.techniqueID)!.count);
  }

  // The list of briefs with at least one uncovered technique.
  await page.getByRole('link', { name: 'Show briefs with an uncovered technique' }).click();
  await expect(page).toHaveURL(/technique=/);
  const query = uncovered.map((id) => `technique=${id}`).join('&');
  const expected = await request.get(`${WORKFLOW.app}/api/briefs?${query}&pageSize=1`);
  const total = ((await expected.json()) as { total: number }).total;
  await expect(page.getByTestId('result-count')).toContainText(`${total} briefs`);

  // Kept in this browser: back on the matrix the layer is still loaded.
  await page.goto('/attack');
  await expect(page.getByTestId('coverage-summary')).toContainText('SOC detections');
});

test('a corrupt or foreign layer file gets a message naming what is wrong', async ({ page }) => {
  await page.goto('/attack');
  await waitForHydration(page);
  await loadLayer(page, '{"name": "broken", "techniques": [', 'broken.json');
  await expect(page.getByTestId('coverage-error')).toHaveText(/broken\.json: The file is not JSON/);
  await loadLayer(page, JSON.stringify({ domain: 'mobile-attack', techniques: [] }), 'mobile.json');
  await expect(page.getByTestId('coverage-error')).toHaveText(/"mobile-attack" domain/);
  await loadLayer(page, JSON.stringify({ techniques: [{ score: 1 }] }), 'noid.json');
  await expect(page.getByTestId('coverage-error')).toHaveText(
    /techniques\.0\.techniqueID is missing/,
  );
  await expect(page.getByTestId('coverage-summary')).toHaveCount(0);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('the workflow controls have no serious or critical axe violations', async ({ page }) => {
      await page.goto('/?vendor=Fortinet');
      await waitForHydration(page);
      await page.getByLabel('Save this view as').fill('Edge devices');
      await page.getByRole('button', { name: 'Save as watchlist' }).click();
      await page.getByRole('button', { name: 'Rename Edge devices' }).click();
      await page
        .getByRole('button', { name: /^Read: /, pressed: false })
        .first()
        .click();
      await expect(page.getByTestId('watchlists')).toBeVisible();
      await expectAxeClean(page);
      await page.getByRole('button', { name: 'Clear my data' }).click();
      await expectAxeClean(page, '[data-testid="watchlists"]');

      await page.addInitScript(() => {
        Object.defineProperty(navigator, 'clipboard', {
          value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) },
        });
      });
      await page.goto(`/briefs/${BASIC_FULL_BRIEFS[0].slug}`);
      await waitForHydration(page);
      await page.getByRole('button', { name: 'Copy as Markdown' }).click();
      await expect(page.getByLabel(/refused the clipboard/)).toBeVisible();
      await expectAxeClean(page);

      await page.goto('/trends');
      await expect(page.getByTestId('rising')).toBeVisible();
      await expectAxeClean(page, '[data-testid="rising"]');

      await page.goto('/attack');
      await waitForHydration(page);
      await loadLayer(page, LAYER);
      await expect(page.getByTestId('coverage-summary')).toBeVisible();
      await page.getByText(/^Uncovered techniques \(\d+\)$/).click();
      await expect(page.getByTestId('coverage-gaps')).toBeVisible();
      // The panel; the matrix's own cells are outside this issue (see the report: the id text of
      // the darkest dark-theme shade is below 4.5:1 with or without a layer).
      await expectAxeClean(page, '[data-testid="coverage"]');
      await page.screenshot({ path: `e2e/screenshots/coverage-${colorScheme}.png` });
      await loadLayer(page, 'nope', 'bad.json');
      await expect(page.getByTestId('coverage-error')).toBeVisible();
      await expectAxeClean(page, '[data-testid="coverage"]');
    });
  });
}

test('the workflow controls are usable at 375 px', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/?vendor=Fortinet');
  await waitForHydration(page);
  await page.getByLabel('Save this view as').fill('Phone');
  await page.getByRole('button', { name: 'Save as watchlist' }).click();
  await expect(page.getByRole('link', { name: 'Phone' })).toBeVisible();
  const firstTitle = (await rowLinks(page).first().textContent()) ?? '';
  await page
    .getByRole('button', { name: /^Read: /, pressed: false })
    .first()
    .click();
  await page.getByLabel(/Hide read/).check();
  await expect(page.getByRole('button', { name: 'Copy digest' })).toBeVisible();
  await expectNoHorizontalScroll(page);
  // The first row was marked read, so the list leaves it out: the first row shown is the next one.
  await expect(rowLinks(page).first()).not.toHaveText(firstTitle);
  await expect(rowLinks(page).first()).toBeVisible();

  await page.goto(`/briefs/${BASIC_FULL_BRIEFS[0].slug}`);
  await waitForHydration(page);
  await expect(page.getByRole('button', { name: 'Copy as Markdown' })).toBeVisible();
  await expectNoHorizontalScroll(page);

  await page.goto('/trends');
  await expect(page.getByTestId('rising')).toBeVisible();
  await expectNoHorizontalScroll(page);

  await page.goto('/attack');
  await waitForHydration(page);
  await loadLayer(page, LAYER);
  await page.getByLabel('Show only gaps').check();
  await expect(page.getByRole('button', { name: 'Download gaps as a layer' })).toBeVisible();
  await expectNoHorizontalScroll(page);
});
