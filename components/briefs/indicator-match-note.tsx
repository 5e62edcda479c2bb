import { defang, indicatorTypeLabel } from '@/lib/briefs/indicators';
import type { IndicatorMatch } from '@/lib/briefs/filter/types';
import { formatNumber } from '@/components/ui/numbers';

/** Says which indicator the search was taken as, and how many briefs carry it (listed first). */
export function IndicatorMatchNote({ match }: { match: IndicatorMatch }) {
  // "Domains" -> "domain", "IPv4 addresses" -> "IPv4 address", "URLs" -> "URL".
  const plural = indicatorTypeLabel(match.type).replace(/es$|s$/, '');
  const label = /^[A-Z][a-z]/.test(plural) ? plural.toLowerCase() : plural;
  return (
    <p className="text-sm" data-testid="indicator-match">
      {match.briefs > 0 ? (
        <>
          <strong className="font-semibold tabular-nums">{formatNumber(match.briefs)}</strong>{' '}
          {match.briefs === 1 ? 'brief carries' : 'briefs carry'} the {label} indicator{' '}
          <code className="font-mono text-[13px] break-all">{defang(match.type, match.value)}</code>
          : listed first.
        </>
      ) : (
        <>
          No brief carries the {label} indicator{' '}
          <code className="font-mono text-[13px] break-all">{defang(match.type, match.value)}</code>
          ; text matches below.
        </>
      )}
    </p>
  );
}
