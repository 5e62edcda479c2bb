import type { ShadeRange } from '@/lib/briefs/attack/matrix';
import { formatNumber } from '@/components/ui/numbers';
import { SHADE_CLASS } from './shades';

export function ShadeLegend({ legend }: { legend: ShadeRange[] }) {
  if (legend.length === 0) return null;
  return (
    <figure className="flex flex-wrap items-center gap-2 text-xs">
      <figcaption className="text-fg-muted">Briefs per technique:</figcaption>
      <ul className="flex flex-wrap gap-1" aria-label="Shading legend">
        {legend.map((range) => (
          <li
            key={range.shade}
            className={`rounded px-2 py-0.5 font-medium tabular-nums ${SHADE_CLASS[range.shade]}`}
          >
            {range.min === range.max
              ? formatNumber(range.min)
              : `${formatNumber(range.min)}–${formatNumber(range.max)}`}
          </li>
        ))}
      </ul>
    </figure>
  );
}
