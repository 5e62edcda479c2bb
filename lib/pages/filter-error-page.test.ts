import { describe, expect, it } from 'vitest';
import { filterErrorPageResponse, renderFilterErrorPage } from './filter-error-page';

const hostile = '"><script>alert(1)</script><img src=x onerror=alert(1)>';

describe('the filter error page', () => {
  it('names the parameter and links back to the same page without filters', () => {
    const html = renderFilterErrorPage('/attack', {
      parameter: 'severity',
      message: 'severity: unknown value "bogus"',
    });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(
      '<h2 id="filter-error-heading">This link has an invalid filter: <code>severity</code></h2>',
    );
    expect(html).toContain('<a href="/attack">Show the whole matrix</a>');
    expect(html).toContain('role="alert"');
  });

  it('shows the query value as text, never as markup', () => {
    const html = renderFilterErrorPage('/', {
      parameter: 'severity',
      message: `unknown value ${hostile}`,
    });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#x3C;script>alert(1)&#x3C;/script>');
  });

  it('is a 400 that runs no script and loads nothing', async () => {
    const res = filterErrorPageResponse(
      '/trends',
      { parameter: 'from', message: 'from: not a date' },
      'GET',
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).not.toContain('script-src');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(await res.text()).toContain('Show trends for all briefs');
    expect(
      await filterErrorPageResponse('/', { parameter: 'q', message: 'q: too long' }, 'HEAD').text(),
    ).toBe('');
  });
});
