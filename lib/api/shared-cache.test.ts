import { describe, expect, it } from 'vitest';
import { exportCacheControl, jsonValidators, sharedCacheControl, staleness } from './shared-cache';
import type { SourceBlock } from '@/lib/serving/status';

describe('shared cache policy', () => {
  it('splits one refresh interval into a fresh and a stale-while-revalidate half', () => {
    expect(staleness(900)).toEqual({ fresh: 450, stale: 450 });
    expect(staleness(901)).toEqual({ fresh: 450, stale: 451 });
    expect(staleness(1)).toEqual({ fresh: 1, stale: 1 });
    expect(sharedCacheControl(900)).toBe(
      'public, max-age=0, s-maxage=450, stale-while-revalidate=450',
    );
  });

  it('keeps exports out of shared caches when their links are built on the request', () => {
    expect(exportCacheControl(null, 900)).toBe('no-store');
    expect(exportCacheControl('https://briefs.example.org', 900)).toBe(sharedCacheControl(900));
  });

  it('gives another view, another source line or other data another ETag', () => {
    const data = { version: 'v1', modifiedAt: new Date('2026-11-01T10:00:00Z') };
    const block: SourceBlock = {
      ok: true,
      source: 'upstream',
      bundledReason: null,
      fetchedAt: '2026-11-01T10:00:00.000Z',
      stale: false,
      refreshing: false,
    };
    const req = (q: string) => new Request(`http://h/api/briefs${q}`);
    const base = jsonValidators(data, block, req('?vendor=A'));
    expect(base.lastModified).toBe('Sun, 01 Nov 2026 10:00:00 GMT');
    expect(jsonValidators(data, block, req('?vendor=A'))).toEqual(base);
    expect(jsonValidators(data, block, req('?vendor=B')).etag).not.toBe(base.etag);
    expect(jsonValidators(data, { ...block, stale: true }, req('?vendor=A')).etag).not.toBe(
      base.etag,
    );
    expect(jsonValidators({ ...data, version: 'v2' }, block, req('?vendor=A')).etag).not.toBe(
      base.etag,
    );
  });
});
