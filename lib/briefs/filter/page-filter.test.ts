import { describe, expect, it } from 'vitest';
import { pageFilterError, parsePageFilter } from './page-filter';

const q = (s: string) => new URLSearchParams(s);

describe('page filters', () => {
  it('reads the list with paging and the whole views without it', () => {
    expect(parsePageFilter('/', q('severity=high&page=3'))).toMatchObject({
      ok: true,
      filter: { page: 3 },
    });
    expect(pageFilterError('/', q('page=-1'))).toMatchObject({
      page: '/',
      error: { parameter: 'page' },
    });
    expect(pageFilterError('/attack', q('page=-1&pageSize=0'))).toBeNull();
    expect(pageFilterError('/trends', q('severity=bogus'))).toMatchObject({
      page: '/trends',
      error: { parameter: 'severity' },
    });
  });

  it('lets tracking parameters through', () => {
    expect(pageFilterError('/', q('utm_source=chat&fbclid=x'))).toBeNull();
  });

  it('leaves other paths alone, whatever their query', () => {
    for (const path of [
      '/briefs/some-slug',
      '/toString',
      '/constructor',
      '/api/briefs',
      '/attack/',
    ]) {
      expect(pageFilterError(path, q('severity=bogus')), path).toBeNull();
    }
  });
});
