import { describe, expect, it } from 'vitest';
import { makeBrief } from '@/test/support/test-briefs';
import { dataVersionOf, isNotModified, preflight, toValidators } from './export-response';

const briefs = [makeBrief({ slug: 'a', title: 'A' }), makeBrief({ slug: 'b', title: 'B' })];
const get = (headers: Record<string, string>) =>
  new Request('http://x.test/feed.json', { headers });

describe('dataVersionOf', () => {
  it('is the same for the same briefs, whatever the array, and differs when one changes', () => {
    const v = dataVersionOf(briefs, 'bodies', '2026-09-01T10:00:00.123Z');
    expect(dataVersionOf([...briefs], 'bodies', '2026-09-02T00:00:00Z').version).toBe(v.version);
    const changed = [briefs[0]!, { ...briefs[1]!, title: 'B2' }];
    expect(dataVersionOf(changed, 'bodies', null).version).not.toBe(v.version);
    // An unchanged refresh (same array, later fetchedAt) keeps the first time, in whole seconds.
    expect(dataVersionOf(briefs, 'bodies', '2026-09-03T00:00:00Z').modifiedAt.toISOString()).toBe(
      '2026-09-01T10:00:00.000Z',
    );
  });
});

describe('isNotModified', () => {
  const validators = toValidators(dataVersionOf(briefs, 'bodies', '2026-09-01T10:00:00Z'), 'key');

  it('matches If-None-Match (lists, weak form, *) before If-Modified-Since', () => {
    expect(validators.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(isNotModified(get({ 'if-none-match': validators.etag }), validators)).toBe(true);
    expect(isNotModified(get({ 'if-none-match': `"x", W/${validators.etag}` }), validators)).toBe(
      true,
    );
    expect(isNotModified(get({ 'if-none-match': '*' }), validators)).toBe(true);
    expect(
      isNotModified(
        get({ 'if-none-match': '"other"', 'if-modified-since': validators.lastModified }),
        validators,
      ),
    ).toBe(false);
    expect(isNotModified(get({ 'if-modified-since': validators.lastModified }), validators)).toBe(
      true,
    );
    expect(
      isNotModified(get({ 'if-modified-since': 'Mon, 31 Aug 2026 00:00:00 GMT' }), validators),
    ).toBe(false);
    expect(isNotModified(get({ 'if-modified-since': 'garbage' }), validators)).toBe(false);
    expect(isNotModified(get({}), validators)).toBe(false);
  });

  it('differs by key', () => {
    const version = dataVersionOf(briefs, 'bodies', null);
    expect(toValidators(version, 'a').etag).not.toBe(toValidators(version, 'b').etag);
  });
});

it('answers the preflight for any origin, without credentials', () => {
  const res = preflight();
  expect(res.status).toBe(204);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
});
