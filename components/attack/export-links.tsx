import type { BriefFilter } from '@/lib/briefs/filter/types';
import {
  DOWNLOADS,
  FEEDS,
  INDICATOR_DOWNLOADS,
  LAYER,
  toExportHref,
} from '@/lib/briefs/export/feed-links';

// Downloads and feeds of the same view. Plain anchors: these are files, not pages to route to.

const linkClass = 'export-link';

export function ExportLinks({
  filter,
  layer = false,
  navigatorHref = null,
  indicators = false,
}: {
  filter: BriefFilter;
  layer?: boolean;
  /** Also the view's indicator lists (the brief list only). */
  indicators?: boolean;
  /** The public ATT&CK Navigator opening this view's layer (see toNavigatorHref). */
  navigatorHref?: string | null;
}) {
  return (
    <ul aria-label="Export this view" className="flex flex-wrap gap-1.5">
      {navigatorHref && (
        <li>
          <a href={navigatorHref} target="_blank" rel="noopener noreferrer" className={linkClass}>
            Open in ATT&CK Navigator
          </a>
        </li>
      )}
      {[...(layer ? [LAYER] : []), ...DOWNLOADS, ...(indicators ? INDICATOR_DOWNLOADS : [])].map(
        (download) => (
          <li key={download.path}>
            <a
              href={toExportHref(filter, download.path)}
              download={download.file}
              className={linkClass}
            >
              {download.label}
            </a>
          </li>
        ),
      )}
      {FEEDS.map((feed) => (
        <li key={feed.path}>
          <a href={toExportHref(filter, feed.path)} type={feed.type} className={linkClass}>
            {feed.label}
          </a>
        </li>
      ))}
    </ul>
  );
}
