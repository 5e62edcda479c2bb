import 'server-only';
import { briefHistorySchema } from '@/lib/briefs/changes';
import type { Brief } from '@/lib/briefs/types';
import type { BriefStore } from '../brief-store';
import { historyOf } from '../brief-history';

// A shared version's briefs carry their version history (lib/serving/brief-history.ts) beside
// them, so an instance that adopts the version shows the same "What changed" as the publisher.
// The history is checked like anything read from Redis: a record of the wrong shape, or of
// another brief, is dropped and the brief is served without one.

const FIELD = 'history';

/** The brief as a shared part carries it: its history added, its served-only change mark not. */
export function toSharedBrief(store: BriefStore, brief: Brief, key: string): Brief {
  const { changed: _mark, ...plain } = brief;
  const history = historyOf(store, brief.slug, key);
  return history ? ({ ...plain, [FIELD]: history } as Brief) : plain;
}

/** Keeps a shared brief's history in the store (or forgets the one kept); the brief without it. */
export function adoptSharedHistory(store: BriefStore, shared: Brief): Brief {
  const { [FIELD]: raw, changed: _mark, ...brief } = shared as Brief & { [FIELD]?: unknown };
  const parsed = raw === undefined ? null : briefHistorySchema.safeParse(raw);
  if (parsed?.success && parsed.data.slug === brief.slug) store.putHistory(parsed.data);
  else store.removeHistory(brief.slug);
  return brief;
}
