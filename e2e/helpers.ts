import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { E2E } from '@/playwright.config';

export { E2E, expect };

export interface ConsoleErrors {
  errors: string[];
  /** Tolerates messages matching `pattern` (a test that expects a 404 gets Chrome's resource error). */
  allow(pattern: RegExp): void;
}

/** Every test fails on a console error or an uncaught page error (hydration mismatches included). */
export const test = base.extend<{ consoleErrors: ConsoleErrors }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      const allowed: RegExp[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      await use({ errors, allow: (pattern) => allowed.push(pattern) });
      const unexpected = errors.filter((error) => !allowed.some((pattern) => pattern.test(error)));
      expect(unexpected, 'console errors on the page').toEqual([]);
    },
    { auto: true },
  ],
});

/** React has hydrated the document: event handlers are attached. */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    Object.keys(document.body).some((key) => key.startsWith('__reactFiber')),
  );
}

/** Opens a list URL and waits until its controls respond to clicks and typing. */
export async function gotoList(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await waitForHydration(page);
}

export function rowLinks(page: Page) {
  return page.locator('[data-brief-link]');
}

export async function rowTitles(page: Page): Promise<string[]> {
  return rowLinks(page).allTextContents();
}

export function activeChips(page: Page) {
  return page.getByRole('group', { name: 'Active filters' }).getByRole('listitem');
}

export async function activeChipLabels(page: Page): Promise<string[]> {
  return (await activeChips(page).allTextContents()).map((t) => t.replace('×', '').trim());
}

/** The list has finished re-querying: no previous page kept on screen. */
export async function waitForList(page: Page): Promise<void> {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

export function resultCount(page: Page) {
  return page.getByTestId('result-count');
}

/** The checkbox of a facet value in the filter panel. */
export function facetCheckbox(page: Page, facet: string, value: string) {
  return page.locator(
    `form#brief-filters input[type="checkbox"][name="${facet}"][value="${value}"]`,
  );
}

/** Records requests that leave 127.0.0.1 and blocks them, so a payload can neither phone home nor hang. */
export async function watchExternalRequests(context: BrowserContext): Promise<string[]> {
  const external: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) && url.hostname !== '127.0.0.1') {
      external.push(request.url());
    }
  });
  await context.route(
    (url) => ['http:', 'https:'].includes(url.protocol) && url.hostname !== '127.0.0.1',
    (route) => route.abort(),
  );
  return external;
}

export interface ApiList {
  total: number;
  pageSize: number;
  items: { slug: string; title: string; date: string; tags: string[] }[];
  facets: Record<string, { value: string; count: number }[]>;
}

/** Waits until the app serves the upstream's data (not the bundled snapshot) and no crawl runs. */
export async function waitForFeed(baseURL: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const res = await fetch(`${baseURL}/api/status`);
        const status = (await res.json()) as { source: string; refreshing: unknown };
        return status.source !== 'bundled' && !status.refreshing;
      },
      { timeout: 60_000, intervals: [250, 500, 1000] },
    )
    .toBe(true);
}

export async function fetchList(page: Page, baseURL: string, query = ''): Promise<ApiList> {
  const res = await page.request.get(`${baseURL}/api/briefs${query ? `?${query}` : ''}`);
  expect(res.ok()).toBe(true);
  return (await res.json()) as ApiList;
}
