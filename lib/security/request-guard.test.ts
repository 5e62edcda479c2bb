import { describe, expect, it } from 'vitest';
import { guardRequest } from './request-guard';
import { checkQuery, hasMalformedPercentEncoding, MAX_QUERY_PARAMETERS } from './request-limits';

describe('checkQuery', () => {
  it('lets ordinary filters through and refuses long or crowded queries', () => {
    expect(checkQuery('http://h/?severity=high&vendor=Amazon&q=bucket')).toEqual({ ok: true });
    expect(checkQuery('http://h/')).toEqual({ ok: true });
    expect(checkQuery(`http://h/?q=${'a'.repeat(5000)}`)).toMatchObject({ ok: false, status: 414 });
    const crowded = `http://h/?${'z=&'.repeat(MAX_QUERY_PARAMETERS)}`;
    expect(checkQuery(crowded)).toMatchObject({ ok: false, status: 400 });
    // A fragment is not part of the query.
    expect(checkQuery(`http://h/?a=1#${'&'.repeat(1000)}`)).toEqual({ ok: true });
  });
});

describe('hasMalformedPercentEncoding', () => {
  it.each(['/api/briefs/%ZZ', '/briefs/%', '/api/briefs/%C0%AE%C0%AE', '/briefs/%E2%82'])(
    '%s is malformed',
    (path) => expect(hasMalformedPercentEncoding(path)).toBe(true),
  );
  it.each(['/briefs/zz-unicode-%C3%BC', '/briefs/plain', '/'])('%s is fine', (path) =>
    expect(hasMalformedPercentEncoding(path)).toBe(false),
  );
});

describe('guardRequest', () => {
  it('answers other methods with 405 and Allow: JSON on the API, a page elsewhere', async () => {
    const api = guardRequest('DELETE', '/api/briefs', 'http://h/api/briefs')!;
    expect(api.status).toBe(405);
    expect(api.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(await api.json()).toEqual({
      error: { message: 'DELETE is not allowed here; only GET, HEAD, OPTIONS' },
    });
    // The CORS preflight reaches the API's and the feeds' own OPTIONS handlers; pages refuse it.
    for (const path of ['/api/briefs', '/feed.json', '/feed.xml', '/feed.atom', '/taxii2/']) {
      expect(guardRequest('OPTIONS', path, `http://h${path}`), path).toBeNull();
    }
    expect(guardRequest('OPTIONS', '/', 'http://h/')?.status).toBe(405);
    expect(
      guardRequest('POST', '/feed.json', 'http://h/feed.json')?.headers.get('content-type'),
    ).toBe('application/json');
    const page = guardRequest('TRACE', '/', 'http://h/')!;
    expect(page.status).toBe(405);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(guardRequest('GET', '/', 'http://h/?severity=high')).toBeNull();
    expect(guardRequest('HEAD', '/api/status', 'http://h/api/status')).toBeNull();
  });
});
