// Test and bench tools come from Debian packages (Chromium, redis-server, nginx). When one is
// missing and we run as root, install it with apt-get; otherwise say how to.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The first existing path of `candidates`; installs `pkg` first when none exists and this
 * process is root. Throws `howTo` when it is still missing.
 */
export function ensureDebianTool(candidates, pkg, howTo) {
  const find = () => candidates.find((p) => p && existsSync(p));
  const found = find();
  if (found) return found;
  if (process.getuid?.() === 0) {
    console.log(`${pkg} not found: installing the Debian package "${pkg}" with apt-get…`);
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', pkg], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const installed = find();
    if (installed) return installed;
  }
  throw new Error(howTo);
}
