import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { BASIC_FULL_BRIEFS } from '@/dev/fixtures/basic';
import { E2E, expect, test, waitForFeed, waitForHydration } from './helpers';

const BASE = E2E.basic.app;
const BRIEF = `/briefs/${BASIC_FULL_BRIEFS[0].slug}`;

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(', ')}`,
    );
  expect(serious).toEqual([]);
}

test.beforeAll(async () => {
  await waitForFeed(BASE);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('the list has no serious or critical axe violations', async ({ page }) => {
      await page.goto('/');
      await waitForHydration(page);
      await expect(page.locator('[data-brief-link]').first()).toBeVisible();
      await expectNoSeriousViolations(page);
      await page.screenshot({ path: `e2e/screenshots/list-${colorScheme}.png`, fullPage: false });
    });

    test('a filtered list with chips has no serious or critical axe violations', async ({
      page,
    }) => {
      await page.goto('/?severity=critical&severity=high&exploited=true');
      await waitForHydration(page);
      await expect(page.getByRole('group', { name: 'Active filters' })).toBeVisible();
      await expectNoSeriousViolations(page);
      await page.screenshot({ path: `e2e/screenshots/list-filtered-${colorScheme}.png` });
    });

    test('the brief page has no serious or critical axe violations', async ({ page }) => {
      await page.goto(BRIEF);
      // The page under test carries indicators and references (the basic fixture's STIX).
      await expect(page.getByRole('region', { name: /^Indicators/ })).toBeVisible();
      await expect(page.getByRole('region', { name: 'Report references' })).toBeVisible();
      await waitForHydration(page);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoSeriousViolations(page);
      await page.screenshot({ path: `e2e/screenshots/brief-${colorScheme}.png`, fullPage: true });
    });

    test('the keyboard help popover has no serious or critical axe violations', async ({
      page,
    }) => {
      await page.goto('/');
      await waitForHydration(page);
      await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      await expectNoSeriousViolations(page);
      await page.screenshot({ path: `e2e/screenshots/shortcuts-${colorScheme}.png` });
    });

    test('the invalid-filter page (HTTP 400) has no serious or critical axe violations', async ({
      page,
      consoleErrors,
    }) => {
      consoleErrors.allow(/status of 400/);
      const response = await page.goto('/trends?from=yesterday');
      expect(response?.status()).toBe(400);
      await expect(page.getByRole('alert')).toContainText('from');
      await expectNoSeriousViolations(page);
      await page.screenshot({ path: `e2e/screenshots/invalid-filter-${colorScheme}.png` });
    });
  });
}

test.describe('phone width (375 px)', () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test('the list and a brief fit without horizontal scrolling', async ({ page }) => {
    for (const path of ['/', BRIEF]) {
      await page.goto(path);
      await waitForHydration(page);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
      await expectNoSeriousViolations(page);
    }
    await page.goto('/');
    await waitForHydration(page);
    await page.screenshot({ path: 'e2e/screenshots/list-mobile.png' });
    await page.goto(BRIEF);
    await waitForHydration(page);
    await page.screenshot({ path: 'e2e/screenshots/brief-mobile.png' });
  });
});

test('the skip link moves focus to the main content', async ({ page }) => {
  await page.goto('/');
  await waitForHydration(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
});
