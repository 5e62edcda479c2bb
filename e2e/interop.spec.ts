import { E2E, expect, gotoList, test, waitForFeed } from './helpers';

// The list names its feeds in <head> and offers every export of the view it shows, and the
// links follow the filter as it changes in the browser.

const BASE = E2E.basic.app;

test.beforeAll(async () => {
  await waitForFeed(BASE);
});

const alternates = (page: import('@playwright/test').Page) =>
  page
    .locator('head link[rel="alternate"]')
    .evaluateAll((links) => links.map((l) => [l.getAttribute('type'), l.getAttribute('href')]));

test('the list carries rel=alternate feeds and the export links of its view', async ({ page }) => {
  await gotoList(page, '/?severity=critical&utm_source=chat');
  expect(await alternates(page)).toEqual([
    ['application/feed+json', '/feed.json?severity=critical'],
    ['application/rss+xml', '/feed.xml?severity=critical'],
    ['application/atom+xml', '/feed.atom?severity=critical'],
  ]);
  const exports = page.getByRole('list', { name: 'Export this view' });
  for (const [name, href] of [
    ['Download CSV', '/api/briefs.csv?severity=critical'],
    ['Download STIX 2.1', '/api/briefs.stix.json?severity=critical'],
    ['JSON Feed', '/feed.json?severity=critical'],
    ['RSS', '/feed.xml?severity=critical'],
    ['Atom', '/feed.atom?severity=critical'],
  ] as const) {
    await expect(exports.getByRole('link', { name, exact: true })).toHaveAttribute('href', href);
  }
  // Each link answers with its format, from the browser's own origin.
  const rss = await page.request.get(`${BASE}/feed.xml?severity=critical`);
  expect(rss.headers()['content-type']).toMatch(/^application\/rss\+xml/);
  expect(await rss.text()).toContain('<rss version="2.0"');

  // Changing the filter in the page moves the links with it.
  await page
    .getByRole('link', { name: /Severity: critical/ })
    .first()
    .click();
  await expect(exports.getByRole('link', { name: 'RSS', exact: true })).toHaveAttribute(
    'href',
    '/feed.xml',
  );
});

test('/attack and /trends name their view feeds too', async ({ page }) => {
  for (const path of ['/attack?vendor=Microsoft', '/trends?vendor=Microsoft']) {
    await page.goto(path);
    expect(await alternates(page), path).toEqual([
      ['application/feed+json', '/feed.json?vendor=Microsoft'],
      ['application/rss+xml', '/feed.xml?vendor=Microsoft'],
      ['application/atom+xml', '/feed.atom?vendor=Microsoft'],
    ]);
  }
});
