import type { BriefType, Severity } from '@/lib/briefs/types';
import { Badge } from '@/components/ui/badge';
import { SEVERITY_LABEL, TYPE_LABEL } from '@/lib/briefs/filter/chips';

// One colour scale, critical > high > medium > low > informational; rumour stands apart (dashed).
// The colours are classes in globals.css: every row of the list carries these badges.
const SEVERITY_BADGE: Record<Severity, string> = {
  critical: 'badge-critical',
  high: 'badge-high',
  medium: 'badge-medium',
  low: 'badge-low',
  informational: 'badge-informational',
  rumour: 'badge-rumour',
};

/** The row's edge, so severity reads at a glance while scanning. */
export const SEVERITY_EDGE: Record<Severity, string> = {
  critical: 'border-l-red-600',
  high: 'border-l-orange-500',
  medium: 'border-l-amber-400',
  low: 'border-l-sky-500',
  informational: 'border-l-slate-400 dark:border-l-slate-500',
  rumour: 'border-l-fuchsia-500 border-dashed',
};

/** `titled`: a hover title naming the facet; off in list rows, where every byte is 50 times. */
export function SeverityBadge({
  severity,
  titled = true,
}: {
  severity: Severity | null;
  titled?: boolean;
}) {
  if (!severity) return null;
  return (
    <Badge
      className={SEVERITY_BADGE[severity]}
      title={titled ? `Severity: ${severity}` : undefined}
    >
      {SEVERITY_LABEL[severity]}
    </Badge>
  );
}

export function TypeBadge({ type, titled = true }: { type: BriefType | null; titled?: boolean }) {
  if (!type) return null;
  return (
    <Badge
      className="badge-type"
      title={titled ? `Type: ${TYPE_LABEL[type].toLowerCase()}` : undefined}
    >
      {TYPE_LABEL[type]}
    </Badge>
  );
}

export function ExploitedBadge({ exploited }: { exploited: boolean | null }) {
  if (!exploited) return null;
  return (
    <Badge className="badge-exploited" title="Exploited in the wild">
      Exploited
    </Badge>
  );
}

export function PocBadge({ hasPoc }: { hasPoc: boolean }) {
  if (!hasPoc) return null;
  return (
    <Badge className="badge-poc" title="Public proof of concept">
      PoC
    </Badge>
  );
}
