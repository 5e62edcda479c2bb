import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toIndexedBrief } from '@/lib/briefs/types';
import { briefStoreFile } from './brief-store';
import {
  closedAfterEach,
  fixtureRecords,
  savedStore,
  stateOf,
  STORE_FEED_URL,
} from '@/test/support/saved-brief-store';
import { open } from 'lmdb';
import { BODY_TEXT_CHARS } from '@/lib/briefs/search/text-search';

const FEED = STORE_FEED_URL;
const openStore = closedAfterEach();

describe('BriefStore', () => {
  it('reads back every body byte for byte as it was sanitised, after a reopen', async () => {
    const { dir, records } = await savedStore();
    expect(records.length).toBeGreaterThan(40);
    const store = openStore(dir);
    expect(store.rebuiltBecause).toBeNull();
    const read = store.read(FEED);
    expect(read.kind).toBe('ok');
    if (read.kind !== 'ok') return;
    for (const { key, brief } of records) {
      const body = store.getBody(key)!;
      expect(Buffer.from(body.contentHtml).equals(Buffer.from(brief.contentHtml))).toBe(true);
      expect(JSON.stringify(body.sections)).toBe(JSON.stringify(brief.sections));
      expect(store.getText(key)).toBe(brief.text.slice(0, BODY_TEXT_CHARS));
      expect(read.listed.get(key)).toEqual(toIndexedBrief(brief));
    }
  });

  it('drops the records a newer state no longer names', async () => {
    const { dir, records } = await savedStore();
    const store = openStore(dir);
    await store.save(stateOf(records.slice(0, 3)));
    expect(store.has(records[0]!.key)).toBe(true);
    expect(store.has(records[5]!.key)).toBe(false);
  });

  it('a state saved for another feed is not served', async () => {
    const { dir } = await savedStore();
    expect(openStore(dir).read('https://other.example/feed.json')).toEqual({
      kind: 'invalid',
      reason: 'saved for another feed',
    });
  });

  it('a file cut short is detected, deleted and the store rebuilt empty', async () => {
    const { dir } = await savedStore();
    const file = briefStoreFile(dir);
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const store = openStore(dir);
    expect(store.rebuiltBecause).toMatch(/torn/);
    expect(store.read(FEED)).toEqual({ kind: 'missing' });
  });

  it('a foreign file in its place is detected and replaced', async () => {
    const { dir } = await savedStore();
    writeFileSync(briefStoreFile(dir), Buffer.alloc(64 * 1024, 'not lmdb'));
    const store = openStore(dir);
    expect(store.rebuiltBecause).toMatch(/foreign/);
    expect(store.read(FEED)).toEqual({ kind: 'missing' });
    store.put('k', fixtureRecords()[0]!.brief, toIndexedBrief(fixtureRecords()[0]!.brief));
    await store.flush();
    expect(store.has('k')).toBe(true);
  });

  it('a store of an older format is deleted and rebuilt, never read as this one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'brief-store-'));
    const old = open({ path: path.join(dir, 'brief-store'), maxDbs: 4, compression: false });
    const meta = old.openDB<string, string>({ name: 'meta' });
    await meta.put('format', 'brief-store/1');
    await old.openDB({ name: 'listed' }).put('k', { slug: 'old' });
    await old.close();
    const store = openStore(dir);
    expect(store.rebuiltBecause).toMatch(/format brief-store\/1/);
    expect(store.has('k')).toBe(false);
    expect(store.read(FEED)).toEqual({ kind: 'missing' });
  });
});
