import 'server-only';
import type { Brief } from '@/lib/briefs/types';
import type { SharedSnapshotSource, SnapshotHead } from '@/lib/serving/shared/shared-snapshot';

// What the store needs to share one cache and one upstream fetch between several instances.
// The Redis implementation is lib/feed/redis-coordinator.ts; without REDIS_URL there is none and
// the store behaves as a single process.

export class CoordinatorUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CoordinatorUnavailableError';
  }
}

/** The right to refresh, held by one instance at a time until it expires or is released. */
export interface RefreshLease {
  /** Fencing token: strictly increasing across all leases ever granted. */
  readonly token: number;
  /** Pushes the expiry forward; false when the lease was lost (expired and taken by another). */
  extend(): Promise<boolean>;
  /**
   * Stores the snapshot as the shared latest, its briefs streamed a part at a time, and announces
   * the new version once every part is stored, unless a lease with a newer token has published
   * since (then false: a late writer never overwrites newer data).
   */
  publish(snapshot: SharedSnapshotSource): Promise<boolean>;
  /**
   * Says the shared snapshot `version` is still current as of `fetchedAt` (every page answered
   * 304) without storing it again, so other instances renew its age instead of reloading it.
   * Fenced like publish; false when the shared version is no longer `version`.
   */
  renew(version: string, fetchedAt: string): Promise<boolean>;
  release(): Promise<void>;
}

export interface CoordinatorStatus {
  url: string; // without credentials
  connected: boolean;
  lastError: string | null;
  version: string | null;
  /** The last shared snapshot this instance refused and why (signature, size, another feed). */
  refused?: string | null;
}

/** A shared version as an adopting instance reads it: the head at once, the briefs part by part. */
export interface SharedSnapshot {
  version: string;
  head: SnapshotHead;
  /**
   * The briefs, one part at a time, each verified before it is yielded. Throws when a part is
   * refused (forged, torn, missing, over a cap: the version is then refused as a whole) or Redis
   * fails; what was yielded before must not be served until the iteration has ended.
   */
  parts(): AsyncIterable<Brief[]>;
}

export interface SnapshotCoordinator {
  /** null when another instance holds the lease; throws CoordinatorUnavailableError when Redis is down. */
  tryAcquire(ttlMs: number): Promise<RefreshLease | null>;
  /** The shared latest version (String(token) of the lease that published it) to read, or null. */
  readLatest(): Promise<SharedSnapshot | null>;
  /** Only the shared version, or null when nothing was published: one small read. */
  readVersion(): Promise<string | null>;
  /** Calls back when another instance publishes (pub/sub, with polling of the version key as a fallback). */
  onVersionChange(listener: (version: string) => void): () => void;
  /** Calls back when the shared version was renewed (pub/sub, with polling as a fallback). */
  onRenewed(listener: (version: string, fetchedAt: string) => void): () => void;
  status(): CoordinatorStatus;
  close(): Promise<void>;
}
