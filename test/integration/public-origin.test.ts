import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppServer } from '@/dev/app-server';

// Absolute links in exports and link previews: from PUBLIC_ORIGIN when set, else from the Host
// the reader used. Both production servers serve the bundled demo snapshot (FEED_URL=offline).

let plain: AppServer;
let configured: AppServer;

beforeAll(async () => {
  [plain, configured] = await Promise.all([
    startApp({ FEED_URL: 'offline' }),
    startApp({ FEED_URL: 'offline', PUBLIC_ORIGIN: 'https://briefs.example.org/' }),
  ]);
}, 90_000);
afterAll(async () => {
  await Promise.all([plain?.stop(), configured?.stop()]);
});

const FORWARDED = { 'x-forwarded-host': 'dash.example:8443', 'x-forwarded-proto': 'https' };

async function exportedFeed(app: AppServer) {
  const res = await fetch(`${app.url}/feed.json?severity=high`, { headers: FORWARDED });
  expect(res.status).toBe(200);
  return (await res.json()) as { home_page_url: string; items: { url: string }[] };
}

async function firstSlug(app: AppServer): Promise<string> {
  const body = (await (await fetch(`${app.url}/api/briefs?pageSize=1`)).json()) as {
    items: { slug: string }[];
  };
  return body.items[0]!.slug;
}

describe('absolute links', () => {
  it('follow the forwarded Host when PUBLIC_ORIGIN is unset', async () => {
    const feed = await exportedFeed(plain);
    expect(feed.home_page_url).toBe('https://dash.example:8443/?severity=high');
    expect(feed.items[0]?.url).toMatch(/^https:\/\/dash\.example:8443\/briefs\//);
  });

  it('come from PUBLIC_ORIGIN when set, whatever Host the request names', async () => {
    const feed = await exportedFeed(configured);
    expect(feed.home_page_url).toBe('https://briefs.example.org/?severity=high');
    expect(feed.items.length).toBeGreaterThan(0);
    for (const item of feed.items)
      expect(item.url).toMatch(/^https:\/\/briefs\.example\.org\/briefs\//);
  });

  it('give a brief page its og:url and canonical link only from PUBLIC_ORIGIN', async () => {
    const slug = await firstSlug(configured);
    const html = await (
      await fetch(`${configured.url}/briefs/${slug}`, { headers: FORWARDED })
    ).text();
    const url = `https://briefs.example.org/briefs/${slug}`;
    expect(html).toContain(`<meta property="og:url" content="${url}"/>`);
    expect(html).toContain(`<link rel="canonical" href="${url}"/>`);

    const plainHtml = await (
      await fetch(`${plain.url}/briefs/${slug}`, { headers: FORWARDED })
    ).text();
    expect(plainHtml).toContain('<meta property="og:title"');
    expect(plainHtml).not.toContain('og:url');
    expect(plainHtml).not.toContain('rel="canonical"');
  });
});
