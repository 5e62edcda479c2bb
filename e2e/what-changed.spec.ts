import { basicItems } from '../dev/fixtures/basic';
import { basicV2Items } from '../dev/fixtures/basic-v2';
import { expect, test, waitForHydration } from './helpers';
import { WORKFLOW, expectAxeClean, resetFeed, serveItems } from './workflow-helpers';

// "Updated since you read it" in Chromium: a brief marked read that the publisher then revises
// (the stand-in switches to basic-v2) says so on its row and its page; a read brief left alone
// does not, and marking the revised brief read again clears the mark.

test.use({ baseURL: WORKFLOW.app });
test.describe.configure({ mode: 'serial' });

const CHANGED = '2026-11-exchange-server-web-shells';
const UNTOUCHED = '2026-11-fortios-ssl-vpn-out-of-bounds-write';

const rowOf = (page: import('@playwright/test').Page, slug: string) =>
  page.locator('ol[aria-label="Briefs"] > li', {
    has: page.locator(`a[href="/briefs/${slug}"]`),
  });

async function severityOf(slug: string): Promise<string | null> {
  const res = await fetch(`${WORKFLOW.app}/api/briefs/${slug}`);
  return res.ok ? ((await res.json()) as { severity: string | null }).severity : null;
}

test.beforeAll(async () => {
  await resetFeed();
  await expect.poll(() => severityOf(CHANGED), { timeout: 30_000 }).toBe('high');
});

test.afterAll(async () => {
  await serveItems(basicItems);
  await expect.poll(() => severityOf(CHANGED), { timeout: 30_000 }).toBe('high');
});

test('a brief revised after it was marked read says "Updated since you read it"', async ({
  page,
}) => {
  // A refresh of the revised feed and five page loads: room for a loaded machine.
  test.setTimeout(180_000);
  await page.goto('/');
  await waitForHydration(page);
  for (const slug of [CHANGED, UNTOUCHED]) {
    const title = (await rowOf(page, slug).locator('[data-brief-link]').textContent()) ?? '';
    // One label; the state is aria-pressed (read-toggle.tsx).
    const toggle = rowOf(page, slug).getByRole('button', { name: `Read: ${title}` });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  }
  await expect(page.getByTestId('updated-since-read')).toHaveCount(0);

  await serveItems(basicV2Items);
  await expect.poll(() => severityOf(CHANGED), { timeout: 30_000 }).toBe('critical');

  await page.reload();
  await waitForHydration(page);
  await expect(rowOf(page, CHANGED).getByTestId('updated-since-read')).toHaveText(
    'Updated since you read it',
  );
  await expect(rowOf(page, UNTOUCHED).getByTestId('updated-since-read')).toHaveCount(0);
  // Four more briefs changed, but none of them was read.
  await expect(page.getByTestId('updated-since-read')).toHaveCount(1);
  await expectAxeClean(page, 'ol[aria-label="Briefs"]');

  await page.goto(`/briefs/${CHANGED}`);
  await waitForHydration(page);
  await expect(page.getByTestId('updated-since-read')).toBeVisible();
  const whatChanged = page.getByTestId('what-changed');
  await expect(whatChanged.getByRole('heading', { name: /What changed/ })).toBeVisible();
  await expect(whatChanged.getByRole('listitem')).toHaveText([
    'Severity raised from high to critical',
  ]);
  // "Updated <date>": the revision's date_modified.
  await expect(
    page.locator('header span', { has: page.locator('time[datetime="2026-12-01T08:00:00.000Z"]') }),
  ).toContainText(/^Updated /);
  await expectAxeClean(page, 'article');

  // Read again after the change: the mark goes.
  const toggle = page.getByTestId('brief-workflow').getByTestId('read-toggle');
  await toggle.click();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('updated-since-read')).toHaveCount(0);

  await page.goto(`/briefs/${UNTOUCHED}`);
  await waitForHydration(page);
  await expect(page.getByTestId('what-changed')).toHaveCount(0);
  await expect(page.getByTestId('updated-since-read')).toHaveCount(0);
});
