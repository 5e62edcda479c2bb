import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { BASIC_SEVERITY_COUNTS, BASIC_TOTAL, BASIC_VENDOR_COUNTS } from '@/dev/fixtures/basic';
import { E2E, expect, fetchList, test, waitForFeed } from './helpers';

// CSV, JSON Feed and trends of a filtered view against the `basic` fixture, checked against the
// list API for the same filter and against the fixture's literal counts.

const BASE = E2E.basic.app;
const CSV_COLUMNS = [
  'slug',
  'title',
  'date',
  'type',
  'severity',
  'vendors',
  'products',
  'actors',
  'tags',
  'cves',
  'techniques',
  'url',
  'external_url',
  'indicators',
  'indicator_types',
  'confidence',
] as const;
const FORMULA = /^[=+\-@\t\r]/;

test.beforeAll(async () => {
  await waitForFeed(BASE);
});

function parseCsv(text: string) {
  const parsed = Papa.parse<Record<(typeof CSV_COLUMNS)[number], string>>(text, {
    header: true,
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  expect(parsed.meta.fields).toEqual([...CSV_COLUMNS]);
  return parsed.data;
}

test('the CSV download round-trips with one row per brief of the view', async ({ page }) => {
  const query = 'vendor=Microsoft';
  const list = await fetchList(page, BASE, `${query}&pageSize=200`);
  expect(list.total).toBe(BASIC_VENDOR_COUNTS.Microsoft);

  await page.goto(`/trends?${query}`);
  const link = page.getByRole('link', { name: 'Download CSV' });
  await expect(link).toHaveAttribute('href', `/api/briefs.csv?${query}`);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('briefs.csv');
  const text = await readFile((await download.path())!, 'utf8');
  // A UTF-8 byte-order mark first, for spreadsheets.
  expect(text.split('\r\n')[0]).toBe(`\uFEFF${CSV_COLUMNS.join(',')}`);
  const rows = parseCsv(text);
  expect(rows).toHaveLength(list.total);
  expect(rows.map((r) => r.slug)).toEqual(list.items.map((i) => i.slug));
  for (const [i, row] of rows.entries()) {
    const item = list.items[i]!;
    // A formula-like title is neutralised with a leading quote (the fixture has none; the unit
    // test of export-csv covers crafted ones), any other title is written as it is.
    expect(row.title).toBe(FORMULA.test(item.title) ? `'${item.title}` : item.title);
    expect(row.vendors.split('; ')).toContain('Microsoft');
    expect(row.url).toBe(`${BASE}/briefs/${item.slug}`);
    expect(row.external_url).toBe(`https://feed.craftedsignal.io/briefs/${item.slug}/`);
  }
  for (const row of rows)
    for (const cell of Object.values(row)) expect(FORMULA.test(cell), cell).toBe(false);
});

test('the CSV endpoint: every brief, text/csv, 400 naming a bad parameter, paging ignored', async ({
  request,
}) => {
  const res = await request.get(`${BASE}/api/briefs.csv?page=3&pageSize=5`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.headers()['content-disposition']).toBe('attachment; filename="briefs.csv"');
  const rows = parseCsv(await res.text());
  expect(rows).toHaveLength(BASIC_TOTAL);

  const critical = parseCsv(
    await (await request.get(`${BASE}/api/briefs.csv?severity=critical`)).text(),
  );
  expect(critical).toHaveLength(BASIC_SEVERITY_COUNTS.critical);
  expect(new Set(critical.map((r) => r.severity))).toEqual(new Set(['critical']));

  const bad = await request.get(`${BASE}/api/briefs.csv?severity=severe`);
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { parameter: string } }).error.parameter).toBe('severity');
});

test('the filtered JSON Feed is a JSON Feed 1.1 of exactly the filtered briefs', async ({
  page,
  request,
}) => {
  const query = 'severity=high&exploited=true';
  const list = await fetchList(page, BASE, `${query}&pageSize=200`);
  expect(list.total).toBeGreaterThan(0);

  const res = await request.get(`${BASE}/feed.json?${query}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/^application\/feed\+json/);
  const feed = (await res.json()) as {
    version: string;
    title: string;
    home_page_url: string;
    feed_url: string;
    items: {
      id: string;
      url: string;
      external_url?: string;
      title: string;
      content_html: string;
      summary: string;
      date_published: string;
      tags: string[];
      _cs_severities: string[];
      _cs_exploited?: boolean;
      _cs_vendors: string[];
    }[];
  };
  expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
  expect(feed.title).toContain('Severity: high');
  expect(feed.title).toContain('Exploited');
  expect(feed.home_page_url).toBe(`${BASE}/?${query}`);
  expect(feed.feed_url).toBe(`${BASE}/feed.json?${query}`);

  expect(feed.items.map((i) => i.url)).toEqual(list.items.map((i) => `${BASE}/briefs/${i.slug}`));
  for (const [n, item] of feed.items.entries()) {
    const listed = list.items[n]!;
    expect(item.title).toBe(listed.title);
    expect(item.id).toBe(`https://feed.craftedsignal.io/briefs/${listed.slug}/`);
    expect(item.external_url).toBe(item.id);
    expect(Date.parse(item.date_published)).toBe(Date.parse(listed.date));
    expect(item.tags).toEqual(listed.tags);
    expect(item._cs_severities[0]).toBe('high');
    expect(item._cs_exploited).toBe(true);
    expect(item.content_html.length).toBeGreaterThan(0);
    expect(item.content_html).not.toMatch(/<script|onerror=|javascript:/i);
  }

  // The feed link on the page points at the same view.
  await page.goto(`/trends?${query}`);
  await expect(page.getByRole('link', { name: 'JSON Feed' })).toHaveAttribute(
    'href',
    `/feed.json?${query}`,
  );

  const bad = await request.get(`${BASE}/feed.json?from=2026-13-01`);
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { parameter: string } }).error.parameter).toBe('from');
});

async function readTotals(page: import('@playwright/test').Page) {
  return page
    .getByTestId('weekly-total')
    .locator('td')
    .evaluateAll((cells) =>
      Object.fromEntries(
        cells.map((c) => [
          (c as HTMLElement).dataset.severity,
          Number(c.textContent!.replace(/,/g, '')),
        ]),
      ),
    );
}

test('the trends table has the right totals, with and without JavaScript', async ({
  page,
  browser,
}) => {
  await page.goto('/trends');
  await expect(page.getByRole('heading', { level: 1, name: 'Trends' })).toBeVisible();
  // With JavaScript the chart is drawn and the table folds under it.
  await expect(page.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await page.getByText('Show the numbers as a table').click();
  await expect(page.getByTestId('weekly-table')).toBeVisible();
  const expected = { ...BASIC_SEVERITY_COUNTS, total: BASIC_TOTAL };
  expect(await readTotals(page)).toEqual(expected);

  const rows = await page
    .getByTestId('weekly-table')
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Number(tr.lastElementChild!.textContent)));
  expect(rows.reduce((a, b) => a + b, 0)).toBe(BASIC_TOTAL);

  const context = await browser.newContext({ javaScriptEnabled: false });
  const noJs = await context.newPage();
  await noJs.goto(`${BASE}/trends?vendor=Amazon`);
  await expect(noJs.getByTestId('weekly-table')).toBeVisible();
  const list = await fetchList(page, BASE, 'vendor=Amazon&pageSize=200');
  const bySeverity: Record<string, number> = {};
  for (const item of list.items as unknown as { severity: string }[])
    bySeverity[item.severity] = (bySeverity[item.severity] ?? 0) + 1;
  expect(await readTotals(noJs)).toEqual({ ...bySeverity, total: BASIC_VENDOR_COUNTS.Amazon });
  await context.close();
});

test('top lists count the view and link to the filtered list', async ({ page }) => {
  await page.goto('/trends');
  const vendors = page.locator('section[data-facet="vendor"] li');
  await expect(vendors.first().getByRole('link')).toHaveAccessibleName(
    `Microsoft: ${BASIC_VENDOR_COUNTS.Microsoft} briefs`,
  );
  const names = await vendors
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('aria-label')));
  expect(names.slice(0, 2)).toEqual([`Microsoft: 7 briefs`, `Amazon: 5 briefs`]);

  // Within a vendor filter the vendor list counts only the view (not the list's disjunctive counts).
  await page.goto('/trends?vendor=Okta');
  await expect(page.locator('section[data-facet="vendor"] li')).toHaveCount(1);
  await page
    .locator('section[data-facet="tag"] li')
    .getByRole('link', { name: /^identity:/ })
    .click();
  await page.waitForURL(`${BASE}/?vendor=Okta&tag=identity`);
});

test('the trend chart draws its bars in light and dark themes (screenshots saved)', async ({
  browser,
}) => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({
      colorScheme,
      viewport: { width: 1440, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${BASE}/trends`);
    await expect(page.locator('.recharts-bar-rectangle').first()).toBeVisible();
    await page.screenshot({ path: `e2e/screenshots/trends-${colorScheme}.png`, fullPage: true });
    await context.close();
  }
});
