import type { BriefFilter } from '@/lib/briefs/filter/types';
import { toListHref } from '@/lib/briefs/filter/edit';

// Downloads of the same view. Plain anchors: these are files, not pages to route to.

const linkClass =
  'inline-flex items-center gap-1.5 rounded-md border border-line-strong bg-surface px-2.5 py-1 text-xs font-medium hover:border-accent hover:text-accent';

export function ExportLinks({ filter, layer = false }: { filter: BriefFilter; layer?: boolean }) {
  return (
    <ul aria-label="Export this view" className="flex flex-wrap gap-1.5">
      {layer && (
        <li>
          <a
            href={toListHref(filter, {}, '/api/attack/layer')}
            download="attack-layer.json"
            className={linkClass}
          >
            Download ATT&CK Navigator layer
          </a>
        </li>
      )}
      <li>
        <a
          href={toListHref(filter, {}, '/api/briefs.csv')}
          download="briefs.csv"
          className={linkClass}
        >
          Download CSV
        </a>
      </li>
      <li>
        <a
          href={toListHref(filter, {}, '/feed.json')}
          type="application/feed+json"
          className={linkClass}
        >
          JSON Feed
        </a>
      </li>
    </ul>
  );
}
