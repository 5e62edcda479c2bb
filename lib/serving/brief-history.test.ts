import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toBriefChanges } from '@/lib/briefs/changes';
import { toIndexedBrief } from '@/lib/briefs/types';
import { getFixture } from '@/dev/fixtures';
import { BASIC_V2_CHANGES } from '@/dev/fixtures/basic-v2';
import { getTechniqueCatalog } from '@/lib/feed/attack-catalog';
import { changeMarksOf, recordBriefChanges } from './brief-history';
import { BriefStore } from './brief-store';
import { itemKeyOf, toEntry } from '@/lib/feed/ingest/entries';
import { adoptSharedHistory, toSharedBrief } from './shared/shared-history';

const opened: BriefStore[] = [];
const keyOf = (raw: unknown) => (itemKeyOf(raw, null) as { key: string }).key;
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

function openStore(): BriefStore {
  const store = BriefStore.open(mkdtempSync(path.join(tmpdir(), 'brief-history-')));
  opened.push(store);
  return store;
}

/** A fixture normalised and put in `store` as a crawl would: its briefs by slug and key. */
function putFixture(store: BriefStore, name: string) {
  const ctx = { catalog: getTechniqueCatalog() };
  return getFixture(name).items!.flatMap((raw) => {
    const entry = toEntry(raw, ctx);
    if (!('brief' in entry)) return [];
    const key = keyOf(raw);
    store.put(key, entry.brief, toIndexedBrief(entry.brief));
    return [{ slug: entry.brief.slug, key }];
  });
}

describe('recordBriefChanges', () => {
  it('records exactly the five revised briefs of basic-v2, with exactly their changes', async () => {
    const store = openStore();
    const v1 = putFixture(store, 'basic');
    const v2 = putFixture(store, 'basic-v2');
    await store.flush();
    const at = '2026-12-02T10:00:00.000Z';
    expect(await recordBriefChanges(store, v1, v2, at)).toBe(5);
    const marks = changeMarksOf(store, v2);
    expect(Object.fromEntries([...marks].map(([slug, m]) => [slug, m.what]))).toEqual(
      BASIC_V2_CHANGES,
    );
    const exchange = marks.get('2026-11-exchange-server-web-shells')!;
    expect(exchange).toEqual({
      at,
      updated: '2026-12-01T08:00:00.000Z',
      what: ['severity raised from high to critical'],
    });
    // No date_modified moved for the rewritten recommendation: updated is when it was seen.
    expect(marks.get('2026-11-s3-bucket-deletion-cloudtrail')!.updated).toBe(at);
    // A history applies to the version it was kept for only.
    expect(changeMarksOf(store, v1).size).toBe(0);
  });

  it('keeps the last 10 versions of a brief, newest first', async () => {
    const store = openStore();
    let before = putFixture(store, 'basic');
    const slug = '2026-11-exchange-server-web-shells';
    const base = getFixture('basic').items!.find((i) =>
      String((i as { id: string }).id).includes(slug),
    )!;
    const ctx = { catalog: getTechniqueCatalog() };
    for (let n = 1; n <= 12; n++) {
      const raw = { ...(base as object), _cs_tags: [`step-${n}`] };
      const entry = toEntry(raw, ctx);
      if (!('brief' in entry)) throw new Error('not a brief');
      const key = keyOf(raw);
      store.put(key, entry.brief, toIndexedBrief(entry.brief));
      await store.flush();
      const after = [{ slug, key }];
      await recordBriefChanges(store, before, after, new Date(Date.UTC(2026, 11, n)).toISOString());
      before = after;
    }
    const history = store.getHistory(slug)!;
    expect(history.previous).toHaveLength(10);
    const changes = toBriefChanges(history)!;
    expect(changes.versions[0]!.changes.map((c) => c.text)).toEqual([
      'a tag added: step-12; a tag removed: step-11',
    ]);
    expect(changes.versions[9]!.changes.map((c) => c.text)).toEqual([
      'a tag added: step-3; a tag removed: step-2',
    ]);
  });

  it('carries a history through a shared part, and refuses a forged one', async () => {
    const publisher = openStore();
    const v1 = putFixture(publisher, 'basic');
    const v2 = putFixture(publisher, 'basic-v2');
    await publisher.flush();
    await recordBriefChanges(publisher, v1, v2, '2026-12-02T10:00:00.000Z');
    const slug = '2026-11-okta-mfa-push-fatigue';
    const key = v2.find((e) => e.slug === slug)!.key;
    const brief = { ...publisher.getIndexed(key)!, ...publisher.getBody(key)!, text: '' };
    const shared = JSON.parse(JSON.stringify(toSharedBrief(publisher, brief, key)));

    const adopter = openStore();
    const adopted = adoptSharedHistory(adopter, shared);
    await adopter.flush();
    expect('history' in adopted).toBe(false);
    expect(adopter.getHistory(slug)).toEqual(publisher.getHistory(slug));

    const forged = { ...shared, history: { ...shared.history, previous: 'all of them' } };
    adoptSharedHistory(adopter, forged);
    await adopter.flush();
    expect(adopter.getHistory(slug)).toBeUndefined();
  });
});

describe('the history table', () => {
  it('survives a reopen, and a save forgets the history of a brief that left the feed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'brief-history-'));
    const store = BriefStore.open(dir);
    const v1 = putFixture(store, 'basic');
    const v2 = putFixture(store, 'basic-v2');
    await store.flush();
    await recordBriefChanges(store, v1, v2, '2026-12-02T10:00:00.000Z');
    const state = (entries: { slug: string; key: string }[]) => ({
      feedUrl: 'https://feed.example/feed.json',
      fetchedAt: '2026-12-02T10:00:00.000Z',
      pages: [
        {
          url: 'https://feed.example/feed.json',
          validators: { etag: null, lastModified: null },
          nextUrl: null,
          entries,
        },
      ],
      stix: { fetchedAt: null, reports: 0, sha1: null },
    });
    await store.save(state(v2));
    await store.close();

    const reopened = BriefStore.open(dir);
    opened.push(reopened);
    expect(changeMarksOf(reopened, v2).size).toBe(5);
    const gone = '2026-11-okta-mfa-push-fatigue';
    await reopened.save(state(v2.filter((e) => e.slug !== gone)));
    expect(reopened.getHistory(gone)).toBeUndefined();
    expect(reopened.readHistories().size).toBe(4);
  });
});
