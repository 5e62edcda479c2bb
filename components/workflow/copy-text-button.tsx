'use client';

import { useEffect, useRef, useState } from 'react';

const BUTTON =
  'border-line-strong bg-surface hover:border-accent hover:text-accent inline-flex h-8 items-center gap-1.5 rounded-md border px-2.5 text-sm font-medium';

/**
 * Copies text made on click. Where the Clipboard API is missing or refused, the text shows in a
 * textarea, selected, to copy by hand: the fallback is visible, never a silent failure.
 */
export function CopyTextButton({
  label,
  makeText,
  testId,
}: {
  label: string;
  makeText: () => string;
  testId?: string;
}) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'manual'>('idle');
  const [text, setText] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (status === 'manual') area.current?.select();
    if (status !== 'copied') return;
    const timer = window.setTimeout(() => setStatus('idle'), 2500);
    return () => window.clearTimeout(timer);
  }, [status]);

  async function copy() {
    const value = makeText();
    setText(value);
    try {
      if (!navigator.clipboard) throw new Error('no Clipboard API');
      await navigator.clipboard.writeText(value);
      setStatus('copied');
    } catch {
      setStatus('manual');
    }
  }

  return (
    <span className="inline-flex flex-col gap-1">
      <span className="inline-flex items-center gap-2">
        <button type="button" onClick={() => void copy()} className={BUTTON} data-testid={testId}>
          {label}
        </button>
        <span role="status" aria-live="polite" className="text-fg-muted text-sm">
          {status === 'copied' ? 'Copied' : ''}
        </span>
      </span>
      {status === 'manual' && (
        <span className="flex w-full max-w-xl flex-col gap-1">
          <label htmlFor={`${testId ?? 'copy'}-fallback`} className="text-sm">
            The browser refused the clipboard: the text is selected below, copy it with Ctrl+C (⌘C).
          </label>
          <textarea
            id={`${testId ?? 'copy'}-fallback`}
            ref={area}
            readOnly
            value={text}
            rows={8}
            className="border-line-strong bg-surface w-full rounded-md border p-2 font-mono text-xs"
          />
          <button
            type="button"
            onClick={() => setStatus('idle')}
            className="text-accent self-start text-sm underline"
          >
            Close
          </button>
        </span>
      )}
    </span>
  );
}
