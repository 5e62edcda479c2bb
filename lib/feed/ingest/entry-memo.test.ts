import { describe, expect, it } from 'vitest';
import { EntryMemo } from './entries';

// EntryMemo with a `make` that answers later (the HTML worker pool): an item whose key is known
// is never made again, a copy of an item being made waits for it, and page order is kept.

type Made = { brief: { slug: string }; made: number };

const item = (n: number) => ({ id: `/briefs/item-${n}/`, title: `Item ${n}` });

function slowMaker() {
  const calls: string[] = [];
  const make = async (raw: unknown): Promise<Made> => {
    const slug = (raw as { id: string }).id.split('/')[2]!;
    calls.push(slug);
    // Later items answer first: the page's order must not depend on it.
    await new Promise((r) => setTimeout(r, 20 - calls.length));
    return { brief: { slug }, made: calls.length };
  };
  return { make, calls };
}

describe('EntryMemo with an asynchronous make', () => {
  it('makes each new item once, in page order, and reuses the last refresh', async () => {
    const first = slowMaker();
    const memo = new EntryMemo<Made>(first.make, null);
    const page = await memo.toEntriesAsync([item(1), item(2), item(1), item(3)]);
    expect(page.map((e) => ('brief' in e ? e.brief.slug : e.skip))).toEqual([
      'item-1',
      'item-2',
      'item-1',
      'item-3',
    ]);
    expect(first.calls).toEqual(['item-1', 'item-2', 'item-3']);
    expect(page[2]).toBe(page[0]);

    const next = slowMaker();
    const again = new EntryMemo<Made>(next.make, null, memo.entries);
    const changed = { ...item(2), title: 'Item 2, edited' };
    await again.toEntriesAsync([item(1), changed, item(3), item(4)]);
    expect(next.calls).toEqual(['item-2', 'item-4']);
    expect(again.entries.size).toBe(4);
  });

  it('refuses a promise from the synchronous toEntries instead of returning one', () => {
    const memo = new EntryMemo<Made>(slowMaker().make, null);
    expect(() => memo.toEntries([item(1)])).toThrow(/toEntriesAsync/);
  });
});
