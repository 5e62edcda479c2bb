'use client';

import { setTicked } from '@/lib/workflow/triage';
import { useMounted } from '@/components/ui/use-mounted';
import { useChecklist } from './use-workflow';

/** A recommendation's tick, kept per brief in this browser; without JS a plain checkbox. */
export function RecommendationCheckbox({
  slug,
  index,
  labelledBy,
}: {
  slug: string;
  index: number;
  labelledBy: string;
}) {
  const mounted = useMounted();
  const [checklist, updateChecklist] = useChecklist();
  const className = 'peer mt-1 size-4 shrink-0 accent-(--accent)';
  if (!mounted) return <input type="checkbox" aria-labelledby={labelledBy} className={className} />;
  // A new element once stored state applies: an uncontrolled input never turns controlled.
  return (
    <input
      key="stored"
      type="checkbox"
      aria-labelledby={labelledBy}
      checked={checklist[slug]?.includes(index) ?? false}
      onChange={(event) => {
        const ticked = event.currentTarget.checked;
        updateChecklist((current) => setTicked(current, slug, index, ticked));
      }}
      className={className}
    />
  );
}
