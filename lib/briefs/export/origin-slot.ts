import 'server-only';
import { randomBytes } from 'node:crypto';

// Exports link to this dashboard's own origin, which, with PUBLIC_ORIGIN unset, is whatever Host
// or X-Forwarded-Host the request carried. So what is cached is built once with a stand-in origin
// and the request's origin is filled in as the answer is sent: nothing kept grows with the number
// of origins asked for. The stand-in holds a random part made at start, so no upstream text can
// spell it.

const SLOT_KEY = Symbol.for('threat-brief-dashboard.origin-slot');
type GlobalWithSlot = typeof globalThis & { [SLOT_KEY]?: string };

/** The stand-in origin of this process (shared by every server chunk that loads this module). */
export function originSlot(): string {
  const g = globalThis as GlobalWithSlot;
  g[SLOT_KEY] ??= `https://origin-${randomBytes(12).toString('hex')}.invalid`;
  return g[SLOT_KEY];
}

/** `text` (built with originSlot()) with the request's origin in every link. */
export function fillOrigin(text: string, origin: string): string {
  // A function replacer: `$` patterns in a replacement string would be read.
  return text.replaceAll(originSlot(), () => origin);
}
