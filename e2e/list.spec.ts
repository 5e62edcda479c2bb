import {
  E2E,
  activeChipLabels,
  expect,
  facetCheckbox,
  fetchList,
  gotoList,
  resultCount,
  rowLinks,
  rowTitles,
  test,
  waitForFeed,
  waitForList,
} from './helpers';

const BASE = E2E.basic.app;

test.beforeAll(async () => {
  await waitForFeed(BASE);
});

test('lists the briefs newest first with their details', async ({ page }) => {
  const api = await fetchList(page, BASE);
  await gotoList(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Threat briefs');
  await expect(resultCount(page)).toContainText(`${api.total} brief`);
  await expect.poll(() => rowTitles(page)).toEqual(api.items.map((item) => item.title));

  const dates = await page
    .locator('ol[aria-label="Briefs"] article time')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime') ?? ''));
  expect(dates.length).toBe(api.items.length);
  expect([...dates].sort().reverse()).toEqual(dates);

  const firstRow = page.locator('ol[aria-label="Briefs"] article').first();
  await expect(firstRow.locator('time')).toHaveAttribute('title', /UTC$/);
  await expect(rowLinks(page).first()).toHaveAttribute(
    'href',
    `/briefs/${encodeURIComponent(api.items[0]!.slug)}`,
  );
});

test('filters applied through the UI change the URL and the rows, and the URL reproduces the view', async ({
  page,
  browser,
}) => {
  const all = await fetchList(page, BASE);
  const severity = all.facets.severity!.find((f) => f.count < all.total)!;
  expect(severity, 'the fixture needs more than one severity').toBeTruthy();

  await gotoList(page);
  await facetCheckbox(page, 'severity', severity.value).check();
  await expect(page).toHaveURL(`/?severity=${severity.value}`);
  await waitForList(page);
  await expect(resultCount(page)).toContainText(`${severity.count} brief`);
  const bySeverity = await fetchList(page, BASE, `severity=${severity.value}`);
  await expect(rowLinks(page)).toHaveText(bySeverity.items.map((i) => i.title));

  const vendor =
    bySeverity.facets.vendor!.find((f) => f.count < bySeverity.total) ??
    bySeverity.facets.vendor![0]!;
  await facetCheckbox(page, 'vendor', vendor.value).check();
  const query = new URLSearchParams([
    ['severity', severity.value],
    ['vendor', vendor.value],
  ]).toString();
  await expect(page).toHaveURL(`/?${query}`);
  await waitForList(page);
  const both = await fetchList(page, BASE, query);
  await expect(rowLinks(page)).toHaveText(both.items.map((i) => i.title));
  const chips = [`Severity: ${severity.value}`, `Vendor: ${vendor.value}`];
  await expect.poll(() => activeChipLabels(page)).toEqual(chips);

  // A colleague opening the pasted URL sees the same rows and chips.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(`${BASE}/?${query}`);
  await expect(rowLinks(other)).toHaveText(both.items.map((i) => i.title));
  await expect.poll(() => activeChipLabels(other)).toEqual(chips);
  await expect(facetCheckbox(other, 'severity', severity.value)).toBeChecked();
  await expect(facetCheckbox(other, 'vendor', vendor.value)).toBeChecked();
  await fresh.close();
});

test('back and forward restore earlier filters', async ({ page }) => {
  const all = await fetchList(page, BASE);
  const severity = all.facets.severity![0]!.value;
  const type = all.facets.type![0]!.value;
  const bySeverity = await fetchList(page, BASE, `severity=${severity}`);
  const both = await fetchList(page, BASE, `severity=${severity}&type=${type}`);
  const titles = (list: typeof all) => list.items.map((item) => item.title);
  expect(titles(bySeverity)).not.toEqual(titles(all));
  expect(titles(both)).not.toEqual(titles(bySeverity));

  await gotoList(page);
  await expect(rowLinks(page)).toHaveText(titles(all));
  await facetCheckbox(page, 'severity', severity).check();
  await expect(page).toHaveURL(`/?severity=${severity}`);
  await expect(rowLinks(page)).toHaveText(titles(bySeverity));

  await facetCheckbox(page, 'type', type).check();
  await expect(page).toHaveURL(`/?severity=${severity}&type=${type}`);
  await expect(rowLinks(page)).toHaveText(titles(both));

  await page.goBack();
  await expect(page).toHaveURL(`/?severity=${severity}`);
  await expect(rowLinks(page)).toHaveText(titles(bySeverity));
  await expect(facetCheckbox(page, 'severity', severity)).toBeChecked();
  await expect(facetCheckbox(page, 'type', type)).not.toBeChecked();
  await expect.poll(() => activeChipLabels(page)).toEqual([`Severity: ${severity}`]);

  await page.goBack();
  await expect(page).toHaveURL('/');
  await expect(rowLinks(page)).toHaveText(titles(all));
  await expect(facetCheckbox(page, 'severity', severity)).not.toBeChecked();
  await expect.poll(() => activeChipLabels(page)).toEqual([]);

  await page.goForward();
  await expect(page).toHaveURL(`/?severity=${severity}`);
  await expect(rowLinks(page)).toHaveText(titles(bySeverity));
  await page.goForward();
  await expect(page).toHaveURL(`/?severity=${severity}&type=${type}`);
  await expect(rowLinks(page)).toHaveText(titles(both));
  await expect
    .poll(() => activeChipLabels(page))
    .toEqual([`Severity: ${severity}`, `Type: ${type}`]);
});

test('search is debounced into the URL without new history entries, and Esc clears it', async ({
  page,
}) => {
  const all = await fetchList(page, BASE);
  const target = all.items[3]!;
  const word = target.title.split(/\W+/).sort((a, b) => b.length - a.length)[0]!;

  await gotoList(page);
  const historyLength = await page.evaluate(() => history.length);
  const search = page.getByRole('searchbox', { name: 'Search briefs' });
  await search.pressSequentially(word, { delay: 20 });
  await expect(page).toHaveURL(`/?q=${encodeURIComponent(word)}`);
  await waitForList(page);
  await expect(rowLinks(page).filter({ hasText: target.title })).toHaveCount(1);
  expect(await page.evaluate(() => history.length)).toBe(historyLength);
  await expect.poll(() => activeChipLabels(page)).toEqual([`Search: ${word}`]);

  await search.press('Escape');
  await expect(search).toHaveValue('');
  await expect(page).toHaveURL('/');
  await waitForList(page);
  await expect(resultCount(page)).toContainText(`${all.total} brief`);
});

test('pagination has real links per page and any filter change goes back to page 1', async ({
  page,
}) => {
  const all = await fetchList(page, BASE, 'pageSize=10');
  expect(all.total).toBeGreaterThan(10);
  const pageTwo = await fetchList(page, BASE, 'page=2&pageSize=10');

  await gotoList(page, '/?pageSize=10');
  const pagination = page.getByRole('navigation', { name: 'Pagination' });
  await expect(pagination.getByRole('link', { name: 'Page 2', exact: true })).toHaveAttribute(
    'href',
    '/?page=2&pageSize=10',
  );
  await pagination.getByRole('link', { name: /Next/ }).click();
  await expect(page).toHaveURL('/?page=2&pageSize=10');
  await waitForList(page);
  await expect(rowLinks(page)).toHaveText(pageTwo.items.map((i) => i.title));
  await expect(pagination.locator('[aria-current="page"]')).toHaveText('Page 2');

  const severity = all.facets.severity![0]!.value;
  await facetCheckbox(page, 'severity', severity).check();
  await expect(page).toHaveURL(`/?severity=${severity}&pageSize=10`);
});

test('a chip in a row narrows the list to that value', async ({ page }) => {
  const all = await fetchList(page, BASE);
  const withTag = all.items.find((item) => item.tags.length > 0)!;
  const tag = withTag.tags[0]!;

  await gotoList(page);
  await page
    .getByRole('link', { name: `#${tag}`, exact: true })
    .first()
    .click();
  await expect(page).toHaveURL(`/?tag=${encodeURIComponent(tag)}`);
  await waitForList(page);
  await expect.poll(() => activeChipLabels(page)).toEqual([`Tag: ${tag}`]);
  await expect(rowLinks(page).filter({ hasText: withTag.title })).toHaveCount(1);
});

test('an empty result names the filters to loosen, with links that remove each', async ({
  page,
}) => {
  await gotoList(page, '/?q=zzqqxxnothingmatches');
  await expect(page.getByText('No briefs match these filters.')).toBeVisible();
  await page.getByRole('link', { name: 'Remove Search: zzqqxxnothingmatches' }).click();
  await expect(page).toHaveURL('/');
  await waitForList(page);
  await expect(rowLinks(page).first()).toBeVisible();
});

test('an invalid query parameter answers 400 with an error panel naming it', async ({
  page,
  consoleErrors,
}) => {
  consoleErrors.allow(/status of 400/);
  const response = await page.goto('/?severity=bogus');
  expect(response?.status()).toBe(400);
  const alert = page.getByRole('alert').filter({ hasText: 'invalid filter' });
  await expect(alert).toContainText('severity');
  await expect(alert).toContainText('bogus');
  await alert.getByRole('link', { name: 'Show all briefs' }).click();
  await expect(page).toHaveURL('/');
  await expect(rowLinks(page).first()).toBeVisible();
});

test('keyboard: / focuses search, j/k move, Enter opens, ? shows the help', async ({ page }) => {
  await gotoList(page);
  await expect(rowLinks(page).first()).toBeVisible();
  await page.locator('body').click({ position: { x: 1, y: 1 } });

  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search briefs' })).toBeFocused();
  await page.keyboard.press('Tab');

  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('j');
  await expect(rowLinks(page).nth(0)).toBeFocused();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(rowLinks(page).nth(2)).toBeFocused();
  await page.keyboard.press('k');
  await expect(rowLinks(page).nth(1)).toBeFocused();
  const outline = await rowLinks(page)
    .nth(1)
    .evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Focus the search box');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(help).toBeVisible();
  await page.keyboard.press('Escape');

  await rowLinks(page).nth(1).focus();
  const href = await rowLinks(page).nth(1).getAttribute('href');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(href!);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the list renders and the filter form submits', async ({ page }) => {
    const all = await fetchList(page, BASE);
    const severity = all.facets.severity!.find((f) => f.count < all.total)!;
    await page.goto('/');
    await expect(rowLinks(page)).toHaveText(all.items.map((i) => i.title));
    await expect(resultCount(page)).toContainText(`${all.total} brief`);

    await facetCheckbox(page, 'severity', severity.value).check();
    await page.getByRole('button', { name: 'Apply filters' }).first().click();
    await expect(page).toHaveURL(new RegExp(`severity=${severity.value}`));
    await expect(resultCount(page)).toContainText(`${severity.count} brief`);
    await expect.poll(() => activeChipLabels(page)).toEqual([`Severity: ${severity.value}`]);
  });
});
