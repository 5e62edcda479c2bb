'use client';

import { useState } from 'react';
import { clearStoredData } from './browser-storage';

const SMALL_BUTTON =
  'border-line text-fg hover:border-accent hover:text-accent rounded border px-1.5 text-xs leading-5';

/** The one place that forgets everything this browser keeps for the dashboard. */
export function ClearDataButton() {
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState(false);
  if (confirming) {
    return (
      <span
        className="inline-flex flex-wrap items-center gap-1.5"
        role="group"
        aria-label="Clear my data"
      >
        <span>Forget watchlists, visits, read marks, ticked recommendations and coverage?</span>
        <button
          type="button"
          className={`${SMALL_BUTTON} border-red-700 text-red-800 dark:border-red-300 dark:text-red-200`}
          onClick={() => {
            clearStoredData();
            setConfirming(false);
            setDone(true);
          }}
        >
          Yes, clear
        </button>
        <button type="button" className={SMALL_BUTTON} onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <>
      <button
        type="button"
        className={SMALL_BUTTON}
        onClick={() => {
          setDone(false);
          setConfirming(true);
        }}
      >
        Clear my data
      </button>
      {done && <span className="text-fg-muted">Cleared: nothing is kept in this browser.</span>}
    </>
  );
}
