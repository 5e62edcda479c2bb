import type { BriefType, Severity } from '@/lib/briefs/types';
import { Badge } from '@/components/ui/badge';
import { SEVERITY_LABEL, TYPE_LABEL } from '@/lib/briefs/filter/chips';

// One colour scale, critical > high > medium > low > informational; rumour stands apart (dashed).
const SEVERITY_BADGE: Record<Severity, string> = {
  critical: 'bg-red-600 text-white',
  high: 'bg-orange-500 text-orange-950',
  medium: 'bg-amber-300 text-amber-950',
  low: 'bg-sky-100 text-sky-900 ring-1 ring-sky-300 ring-inset dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800',
  informational:
    'bg-slate-100 text-slate-700 ring-1 ring-slate-300 ring-inset dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-700',
  rumour:
    'border border-dashed border-fuchsia-500 bg-fuchsia-50 text-fuchsia-800 dark:border-fuchsia-400 dark:bg-fuchsia-950/60 dark:text-fuchsia-200',
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

export function SeverityBadge({ severity }: { severity: Severity | null }) {
  if (!severity) return null;
  return (
    <Badge className={SEVERITY_BADGE[severity]} title={`Severity: ${severity}`}>
      {SEVERITY_LABEL[severity]}
    </Badge>
  );
}

export function TypeBadge({ type }: { type: BriefType | null }) {
  if (!type) return null;
  return (
    <Badge
      className="text-fg-muted ring-line-strong ring-1 ring-inset"
      title={`Type: ${TYPE_LABEL[type].toLowerCase()}`}
    >
      {TYPE_LABEL[type]}
    </Badge>
  );
}

export function ExploitedBadge({ exploited }: { exploited: boolean | null }) {
  if (!exploited) return null;
  return (
    <Badge
      className="bg-red-50 text-red-700 ring-1 ring-red-300 ring-inset dark:bg-red-950/70 dark:text-red-300 dark:ring-red-900"
      title="Exploited in the wild"
    >
      Exploited
    </Badge>
  );
}

export function PocBadge({ hasPoc }: { hasPoc: boolean }) {
  if (!hasPoc) return null;
  return (
    <Badge
      className="bg-violet-50 text-violet-700 ring-1 ring-violet-300 ring-inset dark:bg-violet-950/70 dark:text-violet-300 dark:ring-violet-900"
      title="Public proof of concept"
    >
      PoC
    </Badge>
  );
}
