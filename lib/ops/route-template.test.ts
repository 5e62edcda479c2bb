import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeMatcher } from './route-template';

describe('routeMatcher', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'routes-'));
  writeFileSync(
    path.join(dir, 'routes-manifest.json'),
    JSON.stringify({
      staticRoutes: [
        { page: '/', regex: '^/(?:/)?$' },
        { page: '/api/briefs', regex: '^/api/briefs(?:/)?$' },
      ],
      dynamicRoutes: [
        { page: '/api/briefs/[slug]', regex: '^/api/briefs/([^/]+?)(?:/)?$' },
        { page: '/briefs/[slug]', regex: '^/briefs/([^/]+?)(?:/)?$' },
      ],
    }),
  );
  const routeOf = routeMatcher(dir);

  it('names a request by its route template, never by its path', () => {
    expect(routeOf('/')).toBe('/');
    expect(routeOf('/api/briefs')).toBe('/api/briefs');
    expect(routeOf('/api/briefs/')).toBe('/api/briefs');
    expect(routeOf('/api/briefs/some-slug')).toBe('/api/briefs/[slug]');
    expect(routeOf('/briefs/other')).toBe('/briefs/[slug]');
    expect(routeOf('/_next/static/chunks/x.js')).toBe('/_next/static');
    expect(routeOf('/wp-admin/setup.php')).toBe('(unmatched)');
  });

  it('without a build every path is unmatched', () => {
    expect(routeMatcher(path.join(dir, 'none'))('/api/briefs')).toBe('(unmatched)');
  });
});
