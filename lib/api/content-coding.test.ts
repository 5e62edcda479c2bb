import { describe, expect, it } from 'vitest';
import { acceptsCompression, forContentCoding } from './content-coding';

const validators = { etag: '"abc"', lastModified: 'Sun, 06 Dec 2026 00:00:00 GMT' };
const request = (acceptEncoding?: string) =>
  new Request('http://x.test/', {
    headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
  });

describe('forContentCoding', () => {
  it('keeps the strong ETag for an identity answer, makes it weak where it may be compressed', () => {
    expect(forContentCoding(request(), validators).etag).toBe('"abc"');
    expect(forContentCoding(request('identity'), validators).etag).toBe('"abc"');
    expect(forContentCoding(request('gzip, deflate, br'), validators).etag).toBe('W/"abc"');
    expect(forContentCoding(request('gzip;q=0, identity'), validators).etag).toBe('"abc"');
  });

  it.each([
    [null, false],
    ['', false],
    ['identity', false],
    ['gzip', true],
    ['GZIP;q=0.5', true],
    ['br;q=0', false],
    ['*', true],
  ])('acceptsCompression(%s) is %s', (header, expected) => {
    expect(acceptsCompression(header)).toBe(expected);
  });
});
