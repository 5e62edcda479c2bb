import { Badge } from '@/components/ui/badge';
import { formatPercent } from '@/lib/signals/format';
import type { BriefSignals } from '@/lib/signals/types';

// A list row's KEV badge and the brief's highest EPSS (lib/signals/), both plain text.

export function BriefSignalBadges({ signals }: { signals: BriefSignals | undefined }) {
  if (!signals) return null;
  return (
    <>
      {signals.kev && (
        <Badge className="badge-kev" title="A CVE of this brief is in CISA's KEV catalog">
          KEV
        </Badge>
      )}
      {signals.maxEpss !== null && (
        <Badge className="badge-epss" title="Highest EPSS of its CVEs (FIRST)">
          {`EPSS ${formatPercent(signals.maxEpss)}`}
        </Badge>
      )}
    </>
  );
}
