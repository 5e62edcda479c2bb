import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '@/lib/config';
import { ServedFeed } from '@/lib/serving/served-feed';
import { MemoryCoordinator } from '@/test/support/memory-coordinator';
import { startUpstream, type UpstreamStandIn } from '@/dev/upstream/server';

// The store's side of sharing (what it publishes, what it only renews) against the upstream
// stand-in and an in-process coordinator; test/integration/scale-out.test.ts runs the same
// through Redis and several servers.

function item(n: number) {
  const slug = `2026-11-shared-store-${String(n).padStart(3, '0')}`;
  return {
    id: `/briefs/${slug}/`,
    url: `https://feed.craftedsignal.io/briefs/${slug}/`,
    title: `Shared store brief ${n}`,
    content_html: `<p>Body ${n}</p>`,
    date_published: new Date(Date.UTC(2026, 10, 1 + (n % 28), 9)).toISOString(),
  };
}
const items = (count: number) => Array.from({ length: count }, (_, i) => item(i + 1));

let up: UpstreamStandIn;
let coordinator: MemoryCoordinator;
let store: ServedFeed;

beforeEach(async () => {
  up = await startUpstream();
  up.setItems(items(25), { pageSize: 10 });
  coordinator = new MemoryCoordinator();
  const config = parseConfig({
    FEED_URL: up.feedUrl,
    FEED_STIX_URL: 'off',
    ATTACK_URL: 'off',
    CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'shared-store-')),
    FEED_REFRESH_SECONDS: '1',
  });
  store = await ServedFeed.load(config, coordinator);
  await store.refresh();
});
afterEach(async () => {
  await up?.close();
});

/** A refresh once the last one is no longer fresh (the store skips one right after another's). */
async function refreshLater(): Promise<void> {
  await new Promise((r) => setTimeout(r, 1000));
  await store.refresh();
}

describe('a store sharing through a coordinator', () => {
  it('publishes new data and only renews it when every page answers 304', async () => {
    expect(coordinator.calls).toEqual(['publish']);
    const version = coordinator.version;
    const fetchedAt = store.getStatus().fetchedAt!;
    await refreshLater();
    expect(coordinator.calls).toEqual(['publish', 'renew']);
    expect(coordinator.version).toBe(version);
    expect(store.getStatus().fetchedAt! > fetchedAt).toBe(true);
    expect((await coordinator.readLatest())?.head.fetchedAt).toBe(store.getStatus().fetchedAt);
  });

  it('publishes, never renews, data it crawled alone while the coordinator was down', async () => {
    coordinator.down = true;
    up.setItems(items(30), { pageSize: 10 });
    await refreshLater();
    expect(store.getStatus().briefs).toBe(30);
    expect(coordinator.calls).toEqual(['publish']);

    coordinator.down = false;
    await refreshLater();
    // Renewing would have told the others their 25 briefs are current.
    expect(coordinator.calls).toEqual(['publish', 'publish']);
    expect(await coordinator.readBriefs()).toHaveLength(30);
    expect(store.getStatus().briefs).toBe(30);
  });
});
