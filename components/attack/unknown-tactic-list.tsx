import Link from 'next/link';
import type { UnplacedTechnique } from '@/lib/briefs/attack/matrix';
import type { BriefFilter } from '@/lib/briefs/filter/types';
import { toListHref, withFacetValue } from '@/lib/briefs/filter/edit';
import { formatNumber } from '@/components/ui/numbers';

export function UnknownTacticList({
  techniques,
  filter,
}: {
  techniques: UnplacedTechnique[];
  filter: BriefFilter;
}) {
  return (
    <section
      aria-labelledby="unknown-tactic-heading"
      className="space-y-2"
      data-testid="unknown-tactic"
    >
      <h2 id="unknown-tactic-heading" className="text-base font-semibold">
        Techniques with unknown tactic
      </h2>
      {techniques.length === 0 ? (
        <p className="text-fg-muted text-sm">None: every technique in these briefs has a tactic.</p>
      ) : (
        <>
          <p className="text-fg-muted text-sm">
            Neither the ATT&CK catalog nor the briefs say which tactic these serve, so they have no
            column.
          </p>
          <ul className="flex flex-wrap gap-1.5">
            {techniques.map((t) => (
              <li key={t.id} data-technique={t.id} data-count={t.count}>
                <Link
                  href={toListHref(withFacetValue(filter, 'technique', t.id))}
                  prefetch={false}
                  className="border-line bg-surface-muted hover:border-accent inline-flex items-baseline gap-1.5 rounded-md border px-2 py-1 text-xs"
                >
                  <span className="font-mono">{t.id}</span>
                  {t.name && <span>{t.name}</span>}
                  <span className="font-semibold tabular-nums">{formatNumber(t.count)}</span>
                  <span className="sr-only">{t.count === 1 ? 'brief' : 'briefs'}</span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
