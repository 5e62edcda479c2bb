import 'server-only';
import type { BriefIndex } from '@/lib/briefs/search/brief-index';
import type { BriefHistory } from '@/lib/briefs/changes';
import type { BriefBody, IndexedBrief } from '@/lib/briefs/types';

export type DataSource = 'upstream' | 'disk' | 'bundled';

/** What is served: swapped whole after each successful refresh, so a reader never sees half. */
export interface ServedData {
  source: DataSource;
  bundledReason: string | null;
  fetchedAt: string | null;
  /** List fields only: bodies stay in the brief store (lib/serving/brief-store.ts). */
  briefs: IndexedBrief[];
  index: BriefIndex;
  skipped: { reason: string; count: number }[];
  /** A brief's sanitised HTML and sections, read on demand. */
  readBody: (slug: string) => BriefBody | undefined;
  /** A brief's version history (lib/serving/brief-history.ts), when it changed since first seen. */
  readHistory: (slug: string) => BriefHistory | undefined;
  /** Changes whenever any body changes (list fields are hashed apart): for export validators. */
  bodiesVersion: string;
}
