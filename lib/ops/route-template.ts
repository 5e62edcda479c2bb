import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// A request's route template (`/briefs/[slug]`), the only thing an HTTP metric's label may carry:
// a raw path or query would make one series per URL. Read from the production build's routes
// manifest, so every route of app/ is known without a list to keep; whatever matches none is
// `(unmatched)` (404s, probes).

interface ManifestRoute {
  page: string;
  regex: string;
}

export interface RouteMatcher {
  (pathname: string): string;
}

const UNMATCHED = '(unmatched)';

export function routeMatcher(distDir = path.join(process.cwd(), '.next')): RouteMatcher {
  let manifest: { staticRoutes?: ManifestRoute[]; dynamicRoutes?: ManifestRoute[] } = {};
  try {
    manifest = JSON.parse(readFileSync(path.join(distDir, 'routes-manifest.json'), 'utf8'));
  } catch {
    // No build (tests of this module): every path is unmatched but the Next.js prefixes.
  }
  const exact = new Map((manifest.staticRoutes ?? []).map((r) => [r.page, r.page]));
  const dynamic = (manifest.dynamicRoutes ?? []).map((r) => ({
    page: r.page,
    regex: new RegExp(r.regex),
  }));
  return (pathname) => {
    const hit = exact.get(pathname);
    if (hit) return hit;
    if (pathname.startsWith('/_next/')) {
      if (pathname.startsWith('/_next/static/')) return '/_next/static';
      if (pathname.startsWith('/_next/image')) return '/_next/image';
      return '/_next';
    }
    // RSC prefetches and data requests ask the page's own path.
    for (const route of dynamic) if (route.regex.test(pathname)) return route.page;
    if (pathname.length > 1 && pathname.endsWith('/'))
      return exact.get(pathname.slice(0, -1)) ?? UNMATCHED;
    return UNMATCHED;
  };
}
