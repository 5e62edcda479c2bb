import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { E2E_EPSS_SCORE_DATE } from '@/dev/signals/e2e-signals';
import {
  E2E,
  expect,
  gotoList,
  resultCount,
  rowTitles,
  test,
  waitForFeed,
  waitForHydration,
  waitForList,
} from './helpers';

// The KEV and EPSS UI in Chromium, on the `signals` app: the basic fixture with the hand-written
// KEV catalog and EPSS file of dev/signals/e2e-signals.ts. The values below are those files'.

const APP = E2E.signals.app;

const NETSCALER = 'NetScaler Session Token Leak Enables Account Takeover'; // KEV, EPSS 0.943
const FORTIOS = 'FortiOS SSL VPN Out-of-Bounds Write Exploited by Volt Typhoon'; // KEV, EPSS 0.92
const CONNECT = 'Chained Connect Secure Flaws Used for Espionage'; // KEV (one of two), max 0.8
const EXCHANGE = 'Web Shells Planted on Exchange Server After Exploitation'; // not KEV, 0.12
const WINDOWS = 'Windows Kernel Privilege Escalation Patched'; // not KEV, 0.004

test.beforeAll(async () => {
  await waitForFeed(APP);
  // Both signal files are in and joined to the feed's CVEs.
  await expect
    .poll(
      async () => {
        const res = await fetch(`${APP}/api/status`);
        const { signals } = (await res.json()) as {
          signals: { kev: { matched: number }; epss: { matched: number } };
        };
        return [signals.kev.matched, signals.epss.matched];
      },
      { timeout: 60_000, intervals: [250, 500, 1000] },
    )
    .toEqual([3, 6]);
});

const row = (page: Page, title: string) =>
  page.locator('article.brief-row', { has: page.getByRole('link', { name: title, exact: true }) });

test('a list row shows the KEV badge and the highest EPSS of its CVEs', async ({ page }) => {
  await gotoList(page, `${APP}/`);
  const netscaler = row(page, NETSCALER);
  await expect(netscaler.locator('.badge-kev')).toHaveText('KEV');
  await expect(netscaler.locator('.badge-epss')).toHaveText('EPSS 94.3%');
  // Two CVEs, one listed: the row says KEV and the higher score.
  const connect = row(page, CONNECT);
  await expect(connect.locator('.badge-kev')).toHaveText('KEV');
  await expect(connect.locator('.badge-epss')).toHaveText('EPSS 80%');
  // A score but no listing; and a brief with no CVE has neither.
  const exchange = row(page, EXCHANGE);
  await expect(exchange.locator('.badge-epss')).toHaveText('EPSS 12%');
  await expect(exchange.locator('.badge-kev')).toHaveCount(0);
  const s3 = row(page, 'S3 Bucket Deletion Detected in CloudTrail');
  await expect(s3.locator('.badge-kev, .badge-epss')).toHaveCount(0);
});

test("the brief page's CVE table gives EPSS, percentile and the KEV dates", async ({ page }) => {
  await page.goto(`${APP}/briefs/2026-06-connect-secure-chained-flaws`);
  const table = page.getByTestId('cve-signals');
  await expect(page.getByRole('heading', { name: 'Exploitation signals' })).toBeVisible();
  const cells = async (cve: string) =>
    (
      await table
        .getByRole('row', { name: new RegExp(cve) })
        .getByRole('cell')
        .allInnerTexts()
    ).map((t) => t.replace(/\s+/g, ' ').trim());
  expect(await cells('CVE-2024-21887')).toEqual([
    '9.1',
    `80% ${E2E_EPSS_SCORE_DATE}`,
    '99th',
    'Listed (added 2024-01-10, due 2024-01-31) Apply the mitigation, then the patch. Connect Secure command injection',
  ]);
  expect(await cells('CVE-2023-46805')).toEqual([
    '8.2',
    `35% ${E2E_EPSS_SCORE_DATE}`,
    '97th',
    'Not listed',
  ]);

  await page.goto(`${APP}/briefs/2026-10-netscaler-session-token-leak`);
  const netscaler = page.getByTestId('cve-signals').getByRole('row', { name: /CVE-2023-4966/ });
  await expect(netscaler.getByRole('cell').nth(1)).toContainText('94.3%');
  await expect(netscaler.getByRole('cell').nth(2)).toHaveText('99th');
  await expect(netscaler.getByRole('cell').nth(3)).toContainText(
    'Listed (added 2023-10-18, due 2023-11-08)',
  );
  await expect(netscaler.getByRole('cell').nth(3)).toContainText('Known ransomware use');
});

test('the KEV filter changes the URL and the rows, with its count', async ({ page }) => {
  await gotoList(page, `${APP}/`);
  const kev = page.getByRole('group', { name: 'CISA KEV' });
  // The disjunctive count beside the choice says what choosing it gives.
  await expect(kev.locator('label', { hasText: /^In the KEV catalog/ })).toContainText('3');
  await kev.getByLabel(/^In the KEV catalog/).check();
  await expect(page).toHaveURL(/[?&]kev=true(&|$)/);
  await waitForList(page);
  await expect(resultCount(page)).toContainText('3 briefs');
  expect(await rowTitles(page)).toEqual([FORTIOS, NETSCALER, CONNECT]);
  for (const title of [FORTIOS, NETSCALER, CONNECT])
    await expect(row(page, title).locator('.badge-kev')).toHaveText('KEV');

  await kev.getByLabel('Not in the KEV catalog').check();
  await expect(page).toHaveURL(/[?&]kev=false(&|$)/);
  await waitForList(page);
  await expect(resultCount(page)).toContainText('27 briefs');
  await expect(page.locator('.badge-kev')).toHaveCount(0);
});

test('epss_min and sort=epss give the briefs in order of their highest EPSS', async ({ page }) => {
  await gotoList(page, `${APP}/`);
  const epss = page.getByRole('group', { name: 'EPSS (highest of its CVEs)' });
  await epss.getByLabel('At least 50%').check();
  await expect(page).toHaveURL(/[?&]epss_min=0\.5(&|$)/);
  await waitForList(page);
  await expect(resultCount(page)).toContainText('3 briefs');
  // Newest first until sorted.
  expect(await rowTitles(page)).toEqual([FORTIOS, NETSCALER, CONNECT]);

  await page.locator('#brief-sort').selectOption('epss');
  await expect(page).toHaveURL(/[?&]sort=epss(&|$)/);
  await expect(page).toHaveURL(/[?&]epss_min=0\.5(&|$)/);
  await waitForList(page);
  await expect.poll(() => rowTitles(page)).toEqual([NETSCALER, FORTIOS, CONNECT]);

  await epss.getByLabel('At least 10%').check();
  await expect(page).toHaveURL(/[?&]epss_min=0\.1(&|$)/);
  await waitForList(page);
  await expect.poll(() => rowTitles(page)).toEqual([NETSCALER, FORTIOS, CONNECT, EXCHANGE]);

  await epss.getByLabel('Any', { exact: true }).check();
  await expect(page).not.toHaveURL(/epss_min=/);
  await waitForList(page);
  // Every brief with a score first, highest first; the rest after them.
  expect((await rowTitles(page)).slice(0, 5)).toEqual([
    NETSCALER,
    FORTIOS,
    CONNECT,
    EXCHANGE,
    WINDOWS,
  ]);
});

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target).join(', ')}`);
  expect(serious).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('the KEV badges, EPSS filters and the CVE table have no serious axe violations', async ({
      page,
    }) => {
      await gotoList(page, `${APP}/?kev=true&sort=epss`);
      await expect(page.locator('.badge-kev')).toHaveCount(3);
      await expect(page.getByText('EPSS (highest of its CVEs)')).toBeVisible();
      await expectNoSeriousViolations(page);

      await page.goto(`${APP}/briefs/2026-06-connect-secure-chained-flaws`);
      await waitForHydration(page);
      await expect(page.getByTestId('cve-signals')).toBeVisible();
      await expectNoSeriousViolations(page);
    });
  });
}
