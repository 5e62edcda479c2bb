import { existsSync, readFileSync } from 'node:fs';

// The workplace's shared samples (a real page of the feed, STIX and ATT&CK shapes) sit beside the
// repository in ../shared/upstream/, never in it: real brief text is not ours to commit. Tests that
// check our parsing against them run where they exist and are skipped on a bare checkout (CI);
// the project's own fixtures cover the same code everywhere.

// SHARED_DIR points elsewhere (a git worktree nested one level deeper than the main checkout).
const DIR = process.env.SHARED_DIR
  ? new URL(`file://${process.env.SHARED_DIR.replace(/\/?$/, '/')}upstream/`)
  : new URL('../../../shared/upstream/', import.meta.url);

/** The parsed sample, or null when the shared folder is not beside this checkout. */
export function readSharedSample<T = unknown>(name: string): T | null {
  const file = new URL(name, DIR);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : null;
}
