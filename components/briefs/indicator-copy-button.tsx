'use client';

import { useMounted } from '@/components/ui/use-mounted';
import { CopyTextButton } from '@/components/workflow/copy-text-button';

/** Copies raw values, one per line (the page shows them defanged). JS only. */
export function IndicatorCopyButton({
  label,
  values,
  testId,
}: {
  label: string;
  values: string[];
  testId: string;
}) {
  const mounted = useMounted();
  if (!mounted) return null;
  return <CopyTextButton label={label} testId={testId} makeText={() => `${values.join('\n')}\n`} />;
}
