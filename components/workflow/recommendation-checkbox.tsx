'use client';

import { useEffect, useRef } from 'react';
import { setTicked, ticksOf } from '@/lib/workflow/triage';
import { useMounted } from '@/components/ui/use-mounted';
import { useChecklist } from './use-workflow';

/**
 * A recommendation's tick, kept per brief in this browser. The checkbox stays uncontrolled (it is
 * a plain checkbox without JS, and a tick made before hydration is kept and stored); the stored
 * state is applied to it once known, and again when another tab changes it.
 */
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
  const ticked = ticksOf(checklist, slug).includes(index);
  const input = useRef<HTMLInputElement>(null);
  const synced = useRef(false);

  useEffect(() => {
    const el = input.current;
    if (!mounted || !el) return;
    if (!synced.current) {
      synced.current = true;
      if (el.checked && !ticked) {
        updateChecklist((current) => setTicked(current, slug, index, true));
        return;
      }
    }
    el.checked = ticked;
  }, [mounted, ticked, slug, index, updateChecklist]);

  return (
    <input
      ref={input}
      type="checkbox"
      aria-labelledby={labelledBy}
      onChange={(event) => {
        const value = event.currentTarget.checked;
        updateChecklist((current) => setTicked(current, slug, index, value));
      }}
      className="peer mt-1 size-4 shrink-0 accent-(--accent)"
    />
  );
}
