import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { briefStoreFile } from '@/lib/serving/brief-store';
import { startApp, tempCacheDir, waitFor, type AppServer } from '@/dev/app-server';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';

// Crash safety of the disk snapshot through the real server: a process killed in the middle of
// a refresh restarts on the intact store, and a torn store is detected and ignored.

const items = Array.from({ length: 30 }, (_, i) => ({
  id: `/briefs/restart-test-${i}/`,
  title: `Restart test ${i}`,
  content_html: `<p>Body ${i}</p>`,
  date_published: new Date(Date.UTC(2026, 7, 1 + i)).toISOString(),
}));

let up: UpstreamStandIn;
const apps: AppServer[] = [];

async function status(app: AppServer) {
  return (await (await fetch(`${app.url}/api/status`)).json()) as {
    source: string;
    briefs: number;
    bundledReason: string | null;
    refreshing: false | { pagesDone: number };
  };
}

beforeAll(async () => {
  up = await startUpstream({ slowMs: 20_000 });
  up.setItems(items, { pageSize: 10 });
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await up.close();
});

describe('restarts', () => {
  const cacheDir = tempCacheDir();
  const env = { FEED_URL: '', FEED_STIX_URL: 'off', CACHE_DIR: cacheDir, FEED_TIMEOUT_MS: '30000' };

  it('a server killed between pages of a refresh restarts on the last saved state', async () => {
    const first = await startApp({ ...env, FEED_URL: up.feedUrl, FEED_REFRESH_SECONDS: '2' });
    apps.push(first);
    await waitFor(async () => {
      const s = await status(first);
      return s.source === 'upstream' && s.refreshing === false;
    });
    // Every refresh from here stalls on page 2 (a crawl already past it sees the old pages, all
    // unchanged, and writes nothing): kill the process while one is there.
    up.fault('slow', { path: '/page/2/feed.json' });
    up.setItems(items.slice(5), { pageSize: 10 });
    await waitFor(async () => {
      const s = await status(first);
      return s.refreshing !== false && s.refreshing.pagesDone >= 1;
    });
    first.process.kill('SIGKILL');
    await new Promise((r) => first.process.once('exit', r));

    up.fault('down');
    const second = await startApp({ ...env, FEED_URL: up.feedUrl });
    apps.push(second);
    const s = await status(second);
    expect(s.source).toBe('disk');
    expect(s.briefs).toBe(30);
    const brief = await fetch(`${second.url}/api/briefs/restart-test-29`);
    expect(brief.status).toBe(200);
    await second.stop();
  });

  it('a store cut short is detected and ignored', async () => {
    const file = briefStoreFile(cacheDir);
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    up.fault('down');
    const third = await startApp({ ...env, FEED_URL: up.feedUrl });
    apps.push(third);
    const s = await status(third);
    expect(s.source).toBe('bundled');
    expect(s.bundledReason).toMatch(/torn/);
  });
});
