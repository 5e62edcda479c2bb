import { E2E, expect, facetCheckbox, gotoList, test, waitForList } from './helpers';

// The facet panel on a corpus whose facets are longer than a list answer carries: the bundled
// demo (FEED_URL=offline) has more than a hundred products. The panel shows the top values and
// reaches the rest through /api/facets (find box) or, without JavaScript, /facets/{facet}.

const APP = E2E.offline.app;

interface FacetValues {
  values: { value: string; count: number }[];
  total: number;
}

async function rareProduct(request: import('@playwright/test').APIRequestContext) {
  const list = (await (await request.get(`${APP}/api/briefs`)).json()) as {
    facets: Record<string, { value: string }[]>;
    facetTotals: Record<string, number>;
  };
  const shown = new Set(list.facets.product!.map((v) => v.value));
  const rest = (await (
    await request.get(`${APP}/api/facets/product?offset=${shown.size}&limit=1000`)
  ).json()) as FacetValues;
  // A value whose name no listed value contains, so the find box can only get it from the server.
  const value = rest.values.find(
    (v) => ![...shown].some((s) => s.toLowerCase().includes(v.value.toLowerCase())),
  )!.value;
  return { value, total: list.facetTotals.product!, listed: shown.size };
}

test('the panel lists the top values and its find box searches the rest on the server', async ({
  page,
}) => {
  const { value, total, listed } = await rareProduct(page.request);
  expect(total).toBeGreaterThan(listed);
  await gotoList(page, `${APP}/`);
  const group = page.locator('fieldset[data-facet="product"]');
  // The page carries the top 10; "Show more" asks /api/facets for as many as a list answer lists.
  await expect(group.locator('input[type="checkbox"]')).toHaveCount(10);
  const more = page.waitForRequest((r) => r.url().includes('/api/facets/product?'));
  await group.getByText('Show more').click();
  await more;
  await expect(group.locator('input[type="checkbox"]')).toHaveCount(listed);
  expect(await facetCheckbox(page, 'product', value).count()).toBe(0);

  const asked = page.waitForRequest((r) => r.url().includes('/api/facets/product?'));
  await group.getByRole('searchbox').fill(value);
  await asked;
  const box = facetCheckbox(page, 'product', value);
  await expect(box).toBeVisible();
  await box.check();
  await expect(page).toHaveURL(
    new RegExp(`product=${encodeURIComponent(value).replace(/%20/g, '\\+')}`),
  );
  await waitForList(page);
  // Once selected, the rare value stays on screen, checked, with the find box cleared.
  await group.getByRole('searchbox').fill('');
  await expect(facetCheckbox(page, 'product', value)).toBeChecked();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a link opens the whole facet, and a value there filters the list', async ({ page }) => {
    const { value, total } = await rareProduct(page.request);
    await page.goto(`${APP}/?severity=high`);
    await page.locator('fieldset[data-facet="product"]').getByTestId('facet-all-link').click();
    await expect(page).toHaveURL(/\/facets\/product\?severity=high/);
    const links = page.getByRole('list', { name: 'Every product' }).getByRole('link');
    const count = await links.count();
    expect(count).toBeGreaterThan(50);
    expect(count).toBeLessThanOrEqual(total);

    await page.goto(`${APP}/facets/product`);
    await expect(page.getByRole('list', { name: 'Every product' }).getByRole('link')).toHaveCount(
      total,
    );
    await page.getByRole('searchbox', { name: 'Find a product' }).fill(value);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('link', { name: value, exact: true }).click();
    await expect(page).toHaveURL(/\/\?product=/);
    await expect(page.getByRole('group', { name: 'Active filters' })).toContainText(value);
  });
});
