'use client';

import { useMounted } from '@/components/ui/use-mounted';
import { useHideRead, useReadSlugs } from './use-workflow';

export function HideReadToggle() {
  const mounted = useMounted();
  const [hideRead, updateHideRead] = useHideRead();
  const [read] = useReadSlugs();
  if (!mounted) return null;
  return (
    <label className="inline-flex items-center gap-1.5 text-sm whitespace-nowrap">
      <input
        type="checkbox"
        checked={hideRead}
        onChange={(event) => {
          const checked = event.currentTarget.checked;
          updateHideRead(() => checked);
        }}
        className="size-4 accent-(--accent)"
      />
      Hide read{read.length > 0 && <span className="text-fg-muted"> ({read.length})</span>}
    </label>
  );
}
