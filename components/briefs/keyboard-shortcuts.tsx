'use client';

import { useEffect } from 'react';
import { SEARCH_INPUT_ID } from '@/components/filters/form-id';

// The help is a native popover (the HTML `popover` attribute): the browser opens it from its
// button even before hydration or without JavaScript, closes it on Esc or a click outside, keeps
// it in the top layer and sets aria-expanded on the button. Radix's popover did the same with
// 30 kB of gzipped script on the list's first load.
const HELP_ID = 'keyboard-shortcuts-help';

const SHORTCUTS: [keys: string[], action: string][] = [
  [['/'], 'Focus the search box'],
  [['j'], 'Next brief'],
  [['k'], 'Previous brief'],
  [['Enter'], 'Open the focused brief'],
  [['Esc'], 'Clear the search box'],
  [['?'], 'Show or hide this help'],
];

/** Typing in a text field must never trigger a shortcut; checkboxes and radios do not type. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement &&
    !['checkbox', 'radio', 'button', 'submit'].includes(target.type)
  );
}

function moveFocus(direction: 1 | -1) {
  const links = [...document.querySelectorAll<HTMLAnchorElement>('[data-brief-link]')];
  if (links.length === 0) return;
  const current = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = current === -1 ? 0 : Math.min(links.length - 1, Math.max(0, current + direction));
  const link = links[next];
  link?.focus({ preventScroll: true });
  link?.closest('article')?.scrollIntoView({ block: 'nearest' });
}

/** `/`, `j`/`k`, `?` on the list; Enter opens the focused link natively, Esc is the search box's. */
export function KeyboardShortcuts() {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) return;
      switch (event.key) {
        case '/': {
          const input = document.getElementById(SEARCH_INPUT_ID);
          if (!(input instanceof HTMLInputElement)) return;
          event.preventDefault();
          input.focus();
          input.select();
          return;
        }
        case 'j':
        case 'k':
          event.preventDefault();
          moveFocus(event.key === 'j' ? 1 : -1);
          return;
        case '?':
          event.preventDefault();
          document.getElementById(HELP_ID)?.togglePopover();
          return;
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <>
      <button
        type="button"
        popoverTarget={HELP_ID}
        aria-keyshortcuts="?"
        className="border-line-strong bg-surface text-fg-muted hover:text-fg hidden h-9 items-center gap-1.5 rounded-md border px-2.5 text-sm sm:inline-flex"
      >
        <kbd
          aria-hidden="true"
          className="border-line bg-surface-muted rounded border px-1 font-mono text-[11px]"
        >
          ?
        </kbd>
        Keyboard shortcuts
      </button>
      <div
        id={HELP_ID}
        popover="auto"
        role="dialog"
        aria-label="Keyboard shortcuts"
        className="border-line-strong bg-surface-raised text-fg fixed top-26 right-4 bottom-auto left-auto m-0 w-72 rounded-lg border p-3 text-sm shadow-lg"
      >
        <p className="mb-2 font-semibold">Keyboard shortcuts</p>
        <dl className="grid grid-cols-[auto_1fr] items-center gap-x-3 gap-y-1.5">
          {SHORTCUTS.map(([keys, action]) => (
            <div key={action} className="contents">
              <dt>
                {keys.map((key) => (
                  <kbd key={key} className="key-cap">
                    {key}
                  </kbd>
                ))}
              </dt>
              <dd className="text-fg-muted">{action}</dd>
            </div>
          ))}
        </dl>
      </div>
    </>
  );
}
