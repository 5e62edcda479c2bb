import 'server-only';
import { renameSync, rmSync } from 'node:fs';

// A store that failed its checks is moved aside, not deleted: one copy is kept beside the new
// store (`brief-store.damaged`, replaced by the next) so its damage can be looked at.

/** Moves `dir` to `<dir>.damaged` (deleting it when the move fails); where it went, or null. */
export function moveStoreAside(dir: string): string | null {
  const aside = `${dir}.damaged`;
  try {
    rmSync(aside, { recursive: true, force: true });
    renameSync(dir, aside);
    return aside;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}
