import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { describe, expect, it } from 'vitest';
import { config } from '@/proxy';
import { isDataPath } from './request-guard';
import { requestPathname } from './request-pathname';

// proxy.ts's matcher leaves out exactly what isDataPath calls the API, feeds and TAXII (the node
// guard refuses there instead); every page still passes the proxy for its nonce and filter check.
const DATA = [
  '/api',
  '/api/status',
  '/api/briefs',
  '/api/briefs/some-slug',
  '/api/briefs.csv',
  '/api/facets/vendor',
  '/taxii2',
  '/taxii2/root/collections',
  '/feed.json',
  '/feed.xml',
  '/feed.atom',
];
const PAGES = ['/', '/briefs/some-slug', '/trends', '/attack', '/facets', '/apiary', '/feed.jsonx'];

describe('proxy matcher', () => {
  it.each(DATA)('%s skips the proxy and is a data path', (path) => {
    expect(isDataPath(path)).toBe(true);
    expect(unstable_doesMiddlewareMatch({ config, url: `http://h${path}?vendor=x` })).toBe(false);
  });
  it.each(PAGES)('%s passes the proxy and is a page', (path) => {
    expect(isDataPath(path)).toBe(false);
    expect(unstable_doesMiddlewareMatch({ config, url: `http://h${path}` })).toBe(true);
  });
});

describe('requestPathname', () => {
  it.each([
    ['/api/status', '/api/status'],
    ['/api/briefs?vendor=Microsoft', '/api/briefs'],
    ['/x/../api/status?a=1', '/api/status'],
    ['/./api/briefs', '/api/briefs'],
    ['//api/status', '/api/status'],
    ['http://h/api/status?x', '/api/status'],
    ['/api/briefs/%ZZ', '/api/briefs/%ZZ'],
    ['/', '/'],
  ])('%s is %s', (raw, path) => expect(requestPathname(raw)).toBe(path));
});
