import { E2E, expect, resultCount, rowLinks, test } from './helpers';

// The status banner's states, each on a real server: the bundled demo snapshot (no upstream),
// a crawl under way (its progress), and a failing upstream while the last good data serves.

const STATUS = E2E.status;

async function control(path: string, body?: object): Promise<void> {
  const res = await fetch(`${STATUS.upstream}/__control/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  expect(res.ok).toBe(true);
}

async function status(): Promise<{
  source: string;
  briefs: number;
  refreshing: false | { pagesDone: number; itemsSoFar: number };
  upstream: { lastError: string | null };
}> {
  return (await fetch(`${STATUS.app}/api/status`)).json();
}

test.afterEach(async () => {
  await control('reset?faults=1');
});

test('the bundled demo snapshot says so and why, with and without JavaScript', async ({
  browser,
}) => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(`${E2E.offline.app}/`);
    await expect(page.getByTestId('status-banner')).toContainText(
      'Showing the bundled demo snapshot: FEED_URL is set to "offline"',
    );
    await expect(rowLinks(page).first()).toBeVisible();
    await context.close();
  }
});

test('a crawl under way shows its progress in pages and briefs', async ({ page }) => {
  // A first start serves pages as they come: wait for the crawl's end too.
  await expect
    .poll(async () => (await status()).source + ((await status()).refreshing ? '+crawl' : ''), {
      timeout: 30_000,
    })
    .toBe('upstream');
  // Every page after the first answers slowly: the crawl sits after page 1 for 4 s at a time.
  const first = (await (await fetch(`${STATUS.upstream}/feed.json`)).json()) as {
    next_url: string;
  };
  await control('fault', {
    fault: 'slow',
    path: new URL(first.next_url, STATUS.upstream).pathname,
  });
  await expect
    .poll(
      async () => {
        const s = await status();
        return s.refreshing ? s.refreshing.pagesDone : -1;
      },
      { timeout: 15_000, intervals: [100] },
    )
    .toBe(1);
  await page.goto(`${STATUS.app}/`);
  const progress = page
    .getByTestId('status-banner')
    .getByRole('status')
    .filter({ hasText: 'Fetching the feed' });
  await expect(progress).toContainText(/\d+ pages?, \d+ briefs so far/);
});

test('a failing upstream is reported while the last good briefs keep serving', async ({ page }) => {
  // A first start serves pages as they come: wait for the crawl's end too.
  await expect
    .poll(async () => (await status()).source + ((await status()).refreshing ? '+crawl' : ''), {
      timeout: 30_000,
    })
    .toBe('upstream');
  const before = (await status()).briefs;
  await control('fault', { fault: 'http500' });
  await expect
    .poll(async () => (await status()).upstream.lastError, { timeout: 30_000 })
    .toMatch(/500/);
  await page.goto(`${STATUS.app}/`);
  await expect(page.getByTestId('status-banner')).toContainText('The upstream feed is failing');
  await expect(resultCount(page)).toContainText(`${before} brief`);
  expect((await status()).briefs).toBe(before);
});
