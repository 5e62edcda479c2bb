import type { Page } from '@playwright/test';
import { HOSTILE_GLOBAL, HOSTILE_HOST, HOSTILE_SLUGS } from '@/dev/fixtures/hostile';
import {
  E2E,
  expect,
  fetchList,
  test,
  waitForFeed,
  waitForHydration,
  watchExternalRequests,
} from './helpers';

const BASE = E2E.hostile.app;

test.use({ baseURL: BASE });

test.beforeAll(async () => {
  await waitForFeed(BASE);
});

async function expectNoPayloadRan(page: Page, dialogs: string[], external: string[]) {
  // Give deferred payloads (timers, image errors, animation events) a moment to fire.
  await page.waitForTimeout(300);
  expect(
    await page.evaluate(
      (name) => typeof (window as unknown as Record<string, unknown>)[name],
      HOSTILE_GLOBAL,
    ),
  ).toBe('undefined');
  expect(dialogs).toEqual([]);
  expect(external).toEqual([]);
}

test('the hostile list and every hostile brief render without running a payload', async ({
  page,
  context,
}) => {
  test.setTimeout(240_000);
  const external = await watchExternalRequests(context);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });

  const list = await fetchList(page, BASE, 'pageSize=200');
  expect(list.total).toBe(HOSTILE_SLUGS.length);
  expect(list.items.map((item) => item.slug).sort()).toEqual([...HOSTILE_SLUGS].sort());

  await page.goto('/');
  await waitForHydration(page);
  await expect(page.locator('[data-brief-link]')).toHaveCount(HOSTILE_SLUGS.length);
  await expectNoPayloadRan(page, dialogs, external);

  // Search and filters re-render the list on the client: still nothing runs.
  await page.getByRole('searchbox', { name: 'Search briefs' }).fill('hostile');
  await expect(page).toHaveURL(/q=hostile/);
  await expectNoPayloadRan(page, dialogs, external);

  for (const slug of HOSTILE_SLUGS) {
    await page.goto(`/briefs/${slug}`);
    await expect(page.locator('h1'), slug).toHaveCount(1);
    await expectNoPayloadRan(page, dialogs, external);
  }

  // The same pages reached by client-side navigation (RSC payload instead of HTML).
  await page.goto('/');
  await waitForHydration(page);
  for (const slug of HOSTILE_SLUGS.slice(0, 4)) {
    await page.locator(`a[href="/briefs/${slug}"]`).click();
    await expect(page).toHaveURL(`/briefs/${slug}`);
    await expect(page.locator('h1')).toHaveCount(1);
    await expectNoPayloadRan(page, dialogs, external);
    await page.goBack();
    await expect(page.locator('[data-brief-link]').first()).toBeVisible();
  }
  expect(external.filter((url) => url.includes(HOSTILE_HOST))).toEqual([]);
});

test('hostile indicator values and references stay text; the copy buttons give raw values', async ({
  page,
  context,
}) => {
  const external = await watchExternalRequests(context);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  const slug = HOSTILE_SLUGS[0]!;
  const detail = (await (await page.request.get(`${BASE}/api/briefs/${slug}`)).json()) as {
    indicators: { type: string; value: string }[];
    references: string[];
  };
  expect(detail.indicators.length).toBeGreaterThanOrEqual(3);
  await page.goto(`/briefs/${slug}`);
  await waitForHydration(page);
  const section = page.getByRole('region', { name: /^Indicators/ });
  await expect(section).toBeVisible();
  // Every value is a code element's text, whatever markup it holds.
  for (const { value } of detail.indicators.filter((i) => i.type === 'string'))
    await expect(section.locator('code', { hasText: value })).toHaveCount(1);
  await expect(section.locator('script, img, svg')).toHaveCount(0);
  const references = page.getByRole('region', { name: 'Report references' });
  await expect(references.locator('a[href^="javascript:"]')).toHaveCount(0);
  for (const link of await references.locator('a').all())
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
  await expect(references.getByText(/^javascript:/).first()).toBeVisible();
  await section.getByTestId('copy-indicators-all').click();
  await expect(section.getByText('Copied').first()).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    `${detail.indicators.map((i) => i.value).join('\n')}\n`,
  );
  await expectNoPayloadRan(page, dialogs, external);
});
