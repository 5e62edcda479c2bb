import { describe, expect, it } from 'vitest';
import { writeSnapshotJson, type Snapshot } from './snapshot';

function snapshot(briefCount: number): Snapshot {
  return {
    feedUrl: 'http://127.0.0.1/feed.json',
    fetchedAt: '2026-01-01T00:00:00.000Z',
    savedAt: '2026-01-01T00:00:00.000Z',
    pages: [
      {
        url: 'http://127.0.0.1/feed.json',
        validators: { etag: '"e"', lastModified: null },
        nextUrl: null,
        entries: [],
      },
    ],
    briefs: Array.from(
      { length: briefCount },
      (_, i) =>
        ({
          slug: `b-${i}`,
          title: `Brief "${i}" \u2028 </script>`,
        }) as unknown as Snapshot['briefs'][number],
    ),
    stix: { fetchedAt: null, reports: 0, sha1: null },
  };
}

describe('writeSnapshotJson', () => {
  for (const count of [0, 1, 199, 200, 201, 1000]) {
    it(`joins to the same JSON with ${count} briefs, in bounded chunks`, async () => {
      const s = snapshot(count);
      const chunks: string[] = [];
      await writeSnapshotJson(s, async (chunk) => {
        chunks.push(chunk);
      });
      expect(JSON.parse(chunks.join(''))).toEqual(s);
      expect(chunks.length).toBe(2 + Math.ceil(count / 200));
    });
  }
});
