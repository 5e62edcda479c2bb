'use client';

import { useEffect, useState } from 'react';

type Result = 'idle' | 'copied' | 'failed';

function copyWithSelection(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } finally {
    area.remove();
  }
}

export function CopyLinkButton() {
  const [result, setResult] = useState<Result>('idle');

  useEffect(() => {
    if (result === 'idle') return;
    const timer = window.setTimeout(() => setResult('idle'), 2500);
    return () => window.clearTimeout(timer);
  }, [result]);

  async function copy() {
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
      setResult('copied');
    } catch {
      // No Clipboard API (http origin, denied permission): the old selection-based copy.
      setResult(copyWithSelection(url) ? 'copied' : 'failed');
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={() => void copy()}
        className="border-line-strong bg-surface hover:border-accent hover:text-accent inline-flex h-8 items-center gap-1.5 rounded-md border px-2.5 text-sm font-medium"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 20 20"
          className="size-4 fill-none stroke-current"
          strokeWidth="1.8"
        >
          <path
            d="M8.5 11.5a3 3 0 0 0 4.2 0l2.8-2.8a3 3 0 0 0-4.2-4.2l-.9.9M11.5 8.5a3 3 0 0 0-4.2 0l-2.8 2.8a3 3 0 0 0 4.2 4.2l.9-.9"
            strokeLinecap="round"
          />
        </svg>
        Copy link
      </button>
      <span role="status" aria-live="polite" className="text-fg-muted text-sm">
        {result === 'copied'
          ? 'Copied'
          : result === 'failed'
            ? 'Copy failed: copy the address bar instead'
            : ''}
      </span>
    </span>
  );
}
