import { DEFAULT_PAGE_SIZE, type BriefFilter } from '@/lib/briefs/filter/types';
import { toListHref } from '@/lib/briefs/filter/edit';

// The feeds and downloads of a view, for `<link rel="alternate">` in a page's head
// (feed-alternates.ts) and for the export links on the page: one table, so both name the same
// URLs. Light enough for the browser bundle (the list's links follow its URL there).

export const FEEDS = [
  { path: '/feed.json', type: 'application/feed+json', label: 'JSON Feed' },
  { path: '/feed.xml', type: 'application/rss+xml', label: 'RSS' },
  { path: '/feed.atom', type: 'application/atom+xml', label: 'Atom' },
] as const;

export const DOWNLOADS = [
  { path: '/api/briefs.csv', file: 'briefs.csv', label: 'Download CSV' },
  { path: '/api/briefs.xlsx', file: 'briefs.xlsx', label: 'Download Excel (.xlsx)' },
  { path: '/api/briefs.stix.json', file: 'briefs.stix.json', label: 'Download STIX 2.1' },
] as const;

/** The list's own: the view's indicator values (the matrix and trends do not offer them). */
export const INDICATOR_DOWNLOADS = [
  { path: '/api/indicators.txt', file: 'indicators.txt', label: 'Indicators (text)' },
  { path: '/api/indicators.csv', file: 'indicators.csv', label: 'Indicators (CSV)' },
] as const;

export const LAYER = {
  path: '/api/attack/layer',
  file: 'attack-layer.json',
  label: 'Download ATT&CK Navigator layer',
} as const;

/** The public ATT&CK Navigator, which opens a layer from a URL it can fetch (CORS). */
export const NAVIGATOR_URL = 'https://mitre-attack.github.io/attack-navigator/';

/** An export's href for the view (paging left out: an export is the whole view). */
export const toExportHref = (filter: BriefFilter, path: string) =>
  toListHref({ ...filter, page: 1, pageSize: DEFAULT_PAGE_SIZE }, {}, path);

/** The Navigator opening this view's layer; only with a public origin the Navigator can reach. */
export function toNavigatorHref(filter: BriefFilter, publicOrigin: string | null): string | null {
  if (!publicOrigin) return null;
  return `${NAVIGATOR_URL}#layerURL=${encodeURIComponent(`${publicOrigin}${toExportHref(filter, LAYER.path)}`)}`;
}
