import { expect, test } from './helpers';

// What a browser and a link preview ask for besides the page: none of it may 404.

const ASSETS: [path: string, type: RegExp][] = [
  ['/favicon.ico', /image\/(x-icon|vnd\.microsoft\.icon)/],
  ['/icon.svg', /image\/svg\+xml/],
  ['/apple-touch-icon.png', /image\/png/],
  ['/og-image.png', /image\/png/],
  ['/manifest.webmanifest', /application\/manifest\+json/],
  ['/robots.txt', /text\/plain/],
];

for (const [path, type] of ASSETS) {
  test(`${path} is served`, async ({ request }) => {
    const res = await request.get(path);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(type);
    expect((await res.body()).byteLength).toBeGreaterThan(50);
  });
}

test('pages link the icons and the manifest, and nothing they load fails', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (res) => {
    if (res.status() >= 400) failed.push(`${res.status()} ${res.url()}`);
  });
  for (const path of ['/', '/attack', '/trends']) {
    await page.goto(path);
    await expect(page.locator('link[rel="icon"][href^="/favicon.ico"]')).toHaveCount(1);
    await expect(page.locator('link[rel="icon"][href^="/icon.svg"]')).toHaveCount(1);
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute(
      'href',
      '/manifest.webmanifest',
    );
  }
  expect(failed).toEqual([]);
});
