// Playwright cannot download its own browser here: tests drive the system Chromium.
import { existsSync } from 'node:fs';
import { ensureDebianTool } from './apt-install.mjs';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export function findChromium() {
  return CANDIDATES.find((p) => p && existsSync(p));
}

/** Finds Chromium, installing Debian's package when missing and running as root. */
export function ensureChromium() {
  return ensureDebianTool(
    CANDIDATES,
    'chromium',
    'Browser tests need Chromium at /usr/bin/chromium. Install it with `sudo apt-get install chromium` ' +
      '(Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}
