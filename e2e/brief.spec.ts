import { BASIC_FULL_BRIEFS, BASIC_NEWEST_SLUG, BASIC_SECTION_COUNTS } from '@/dev/fixtures/basic';
import { E2E, expect, test, waitForFeed, waitForHydration } from './helpers';

const BASE = E2E.basic.app;

interface ApiBrief {
  slug: string;
  title: string;
  summary: string;
  url: string | null;
  cves: { id: string; cvss: number | null }[];
  affected: { name: string; version: string | null }[];
  techniques: { id: string; name: string | null; tactics: string[] }[];
}

async function fetchBrief(slug: string): Promise<ApiBrief> {
  const res = await fetch(`${BASE}/api/briefs/${encodeURIComponent(slug)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as ApiBrief;
}

const steps = (page: import('@playwright/test').Page) =>
  page.locator('[data-testid="attack-chain"] > li');
const recommendations = (page: import('@playwright/test').Page) =>
  page.locator('[data-testid="recommendations"] > li');

test.beforeAll(async () => {
  await waitForFeed(BASE);
});

for (const full of BASIC_FULL_BRIEFS) {
  test(`${full.slug}: ${full.attackChainSteps} attack-chain steps and ${full.recommendations} recommendations`, async ({
    page,
  }) => {
    const brief = await fetchBrief(full.slug);
    await page.goto(`/briefs/${full.slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(brief.title);
    await expect(page.locator('h1')).toHaveCount(1);

    await expect(page.getByRole('heading', { level: 2, name: 'Attack chain' })).toBeVisible();
    await expect(
      page.getByRole('region', { name: 'Attack chain' }).locator('ol').first(),
    ).toBeVisible();
    await expect(steps(page)).toHaveCount(full.attackChainSteps);

    await expect(page.getByRole('heading', { level: 2, name: 'Recommendations' })).toBeVisible();
    await expect(recommendations(page)).toHaveCount(full.recommendations);
    const firstCheck = recommendations(page).first().getByRole('checkbox');
    await firstCheck.check();
    await expect(firstCheck).toBeChecked();
  });
}

test('every basic brief shows as many steps and recommendations as its source', async ({
  page,
}) => {
  for (const [slug, counts] of Object.entries(BASIC_SECTION_COUNTS)) {
    await page.goto(`/briefs/${slug}`);
    await expect(page.locator('h1'), slug).toHaveCount(1);
    await expect(steps(page), `${slug} attack chain`).toHaveCount(counts.attackChainSteps);
    await expect(recommendations(page), `${slug} recommendations`).toHaveCount(
      counts.recommendations,
    );
  }
});

test('header, ATT&CK techniques, CVEs and affected products link where they should', async ({
  page,
}) => {
  const full = BASIC_FULL_BRIEFS[0];
  const brief = await fetchBrief(full.slug);
  await page.goto(`/briefs/${full.slug}`);

  if (brief.url)
    await expect(page.getByRole('link', { name: /Original brief/ })).toHaveAttribute(
      'href',
      brief.url,
    );
  await expect(page.getByText(/^Published/)).toBeVisible();

  expect(brief.techniques.length).toBeGreaterThan(0);
  const table = page.getByRole('table');
  for (const technique of brief.techniques) {
    const path = technique.id.replace('.', '/');
    await expect(
      table.locator(`a[href="https://attack.mitre.org/techniques/${path}/"]`),
    ).toHaveCount(1);
    await expect(table.locator(`a[href="/?technique=${technique.id}"]`)).toHaveCount(1);
  }
  for (const id of full.techniquesInText) {
    await expect(table.getByRole('link', { name: new RegExp(`^${id} on MITRE`) })).toBeVisible();
  }

  const cves = page.getByRole('region', { name: 'CVEs' });
  for (const cve of brief.cves) {
    await expect(cves.locator(`a[href="https://nvd.nist.gov/vuln/detail/${cve.id}"]`)).toHaveCount(
      1,
    );
    await expect(cves.locator(`a[href="/?cve=${cve.id}"]`)).toHaveCount(1);
    if (cve.cvss !== null)
      await expect(cves.getByText(`CVSS ${cve.cvss.toFixed(1)}`)).toBeVisible();
  }
  for (const product of brief.affected.filter((p) => p.version)) {
    await expect(page.getByText(`(${product.version})`, { exact: true }).first()).toBeVisible();
  }

  // A chip on the brief page opens the list filtered by it.
  const technique = brief.techniques[0]!;
  await waitForHydration(page);
  await page.getByRole('table').locator(`a[href="/?technique=${technique.id}"]`).click();
  await expect(page).toHaveURL(`/?technique=${technique.id}`);
  await expect(page.getByRole('group', { name: 'Active filters' })).toContainText(
    `Technique: ${technique.id}`,
  );
  await expect(page.locator('[data-brief-link]').filter({ hasText: brief.title })).toHaveCount(1);
});

test('metadata comes from the brief', async ({ page }) => {
  const brief = await fetchBrief(BASIC_NEWEST_SLUG);
  await page.goto(`/briefs/${BASIC_NEWEST_SLUG}`);
  await expect(page).toHaveTitle(`${brief.title} · CraftedSignal briefs`);
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', brief.summary);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', brief.title);
  await expect(page.locator('meta[property="og:type"]')).toHaveAttribute('content', 'article');
  await expect(page.locator('meta[name="twitter:title"]')).toHaveAttribute('content', brief.title);
});

test('Copy link copies the address and says so', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  await page.goto(`/briefs/${BASIC_NEWEST_SLUG}`);
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
});

test('an unknown brief is a real 404', async ({ page, consoleErrors }) => {
  consoleErrors.allow(/status of 404/);
  const response = await page.goto('/briefs/no-such-brief-anywhere');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Brief not found');
  await expect(page.getByRole('link', { name: 'Browse the latest briefs' })).toHaveAttribute(
    'href',
    '/',
  );
});

test('an unknown page is a real 404', async ({ page, consoleErrors }) => {
  consoleErrors.allow(/status of 404/);
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the brief page renders its content', async ({ page }) => {
    const full = BASIC_FULL_BRIEFS[1];
    const brief = await fetchBrief(full.slug);
    await page.goto(`/briefs/${full.slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(brief.title);
    await expect(steps(page)).toHaveCount(full.attackChainSteps);
    await expect(recommendations(page)).toHaveCount(full.recommendations);
    await expect(page.getByRole('heading', { level: 2, name: 'Impact' })).toBeVisible();
  });
});
