import { existsSync } from 'node:fs';
import path from 'node:path';
import { open } from 'lmdb';
import { describe, expect, it } from 'vitest';
import { toIndexedBrief } from '@/lib/briefs/types';
import { damageStoreFile } from '@/test/support/store-damage';
import { briefStoreFile } from './brief-store';
import {
  closedAfterEach,
  savedStore,
  stateOf,
  STORE_FEED_URL,
} from '@/test/support/saved-brief-store';

// Issue 20, items 6 and 7 at the store's level: every record read back is checked (refused or
// sanitised again), and a damaged file is verified in a child process before this process opens
// it, so random bytes over its pages never crash the process that opens it.

const FEED = STORE_FEED_URL;
const openStore = closedAfterEach();

/** Opens the store's file as lmdb would, behind the app's back (the server is "stopped"). */
function rawTables(dir: string) {
  const root = open({
    path: path.join(dir, 'brief-store'),
    maxDbs: 4,
    pageSize: 4096,
    compression: true,
    remapChunks: true,
  });
  return {
    root,
    listed: root.openDB<Record<string, unknown>, string>({ name: 'listed' }),
    bodies: root.openDB<Record<string, unknown>, string>({ name: 'bodies' }),
  };
}

describe('a tampered record', () => {
  it('with a javascript: URL is refused on read and named; the rest are served', async () => {
    const { dir, records: list } = await savedStore();
    const victim = list[0]!;
    const raw = rawTables(dir);
    await raw.listed.put(victim.key, {
      ...toIndexedBrief(victim.brief),
      url: 'javascript:alert(1)',
    });
    await raw.root.close();
    const store = openStore(dir);
    const read = store.read(FEED);
    expect(read.kind).toBe('ok');
    if (read.kind !== 'ok') return;
    expect(read.listed.has(victim.key)).toBe(false);
    expect(read.listed.size).toBe(list.length - 1);
    expect(store.status().refusedRecords.names).toContain(`listed: ${victim.brief.slug}`);
  });

  it('with script, event handlers and iframes in its body is sanitised again on read', async () => {
    const { dir, records: list } = await savedStore();
    const victim = list[1]!;
    const evil =
      '<p>kept</p><script>alert(1)</script><img src=x onerror=alert(2)><iframe src="javascript:alert(3)"></iframe><a href="javascript:alert(4)">x</a>';
    const raw = rawTables(dir);
    await raw.bodies.put(victim.key, {
      contentHtml: evil,
      sections: { ...victim.brief.sections, overview: evil },
    });
    await raw.root.close();
    const body = openStore(dir).getBody(victim.key)!;
    for (const html of [body.contentHtml, body.sections.overview ?? '']) {
      expect(html).toContain('kept');
      expect(html).not.toMatch(/<script|onerror|<iframe|javascript:/i);
    }
  });

  it('that no longer decodes is refused, never thrown', async () => {
    const { dir, records: list } = await savedStore();
    const raw = rawTables(dir);
    const bytes = raw.root.openDB<Buffer, string>({ name: 'listed', encoding: 'binary' });
    await bytes.put(list[2]!.key, Buffer.from([0xc1, 0xff, 0x00, 0x13]));
    await raw.root.close();
    const store = openStore(dir);
    expect(() => store.read(FEED)).not.toThrow();
    expect(store.getIndexed(list[2]!.key)).toBeUndefined();
  });
});

describe('a damaged store file', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'seed %i: opening, reading and writing never crash this process',
    async (seed) => {
      const { dir, records: list } = await savedStore();
      damageStoreFile(briefStoreFile(dir), seed, seed % 2 === 0 ? 'random-pages' : 'flipped-bytes');
      const store = openStore(dir);
      if (store.rebuiltBecause) {
        expect(store.read(FEED)).toEqual({ kind: 'missing' });
        expect(store.status().movedAsideTo).toMatch(/brief-store\.damaged$/);
        expect(existsSync(store.status().movedAsideTo!)).toBe(true);
      } else {
        // Verified whole: every record reads back (checked) without a throw.
        const read = store.read(FEED);
        if (read.kind === 'ok') for (const key of read.listed.keys()) store.getBody(key);
      }
      // Whatever happened, the store takes writes and reads them back.
      for (const { key, brief } of list.slice(0, 5)) store.put(key, brief, toIndexedBrief(brief));
      await store.save(stateOf(list.slice(0, 5)));
      expect(store.read(FEED).kind).toBe('ok');
      console.log(`seed ${seed}: ${store.rebuiltBecause ?? 'store verified and kept'}`);
    },
    60_000,
  );
});
