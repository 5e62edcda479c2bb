import 'server-only';
import type { AppConfig } from '@/lib/config';
import type {
  CoordinatorStatus,
  RefreshLease,
  SharedSnapshot,
  SnapshotCoordinator,
} from './coordinator';

/**
 * This instance's part in a refresh shared through a coordinator (Redis): which shared version it
 * serves and whether it holds the refresh lease. Redis being down never stops serving: every read
 * that fails answers "nothing newer" and the instance crawls alone.
 */
export class SharedFeed {
  /** The shared version served here (the token of the lease that published it), or null. */
  version: string | null = null;
  private holdingLease = false;
  /** A shared snapshot of another feed, refused here (the coordinator reports its own refusals). */
  private refusedFeed: string | null = null;
  /** Its version: the news of it repeats every poll, and its head is not read again. */
  private refusedFeedVersion: string | null = null;

  constructor(
    private readonly coordinator: SnapshotCoordinator,
    private readonly config: AppConfig,
  ) {}

  /** 'busy' when another instance holds the lease; null when Redis is down (then crawl alone). */
  async acquireLease(): Promise<RefreshLease | 'busy' | null> {
    try {
      const lease = await this.coordinator.tryAcquire(this.config.redisLockTtlMs);
      this.holdingLease = lease !== null;
      return lease ?? 'busy';
    } catch {
      return null;
    }
  }

  async releaseLease(lease: RefreshLease): Promise<void> {
    this.holdingLease = false;
    await lease.release().catch(() => undefined);
  }

  /** The shared latest version (its head read) when it is of this feed and not served here. */
  async readNewer(version: string | null): Promise<SharedSnapshot | null> {
    if (version !== null && (version === this.version || version === this.refusedFeedVersion))
      return null;
    try {
      const latest = await this.coordinator.readLatest();
      if (!latest || latest.version === this.version) return null;
      // Another deployment's feed in the same Redis database is not ours to serve.
      if (latest.head.feedUrl !== this.config.feedUrl) {
        this.refusedFeed = `version ${latest.version} at ${new Date().toISOString()}: it is of another feed`;
        this.refusedFeedVersion = latest.version;
        return null;
      }
      return latest;
    } catch {
      return null; // Redis down: keep serving what is here; status() reports the error
    }
  }

  readVersion(): Promise<string | null> {
    return this.coordinator.readVersion().catch(() => null);
  }

  onVersionChange(listener: (version: string) => void): void {
    this.coordinator.onVersionChange(listener);
  }

  onRenewed(listener: (version: string, fetchedAt: string) => void): void {
    this.coordinator.onRenewed(listener);
  }

  /** Shutdown: closes the connection to Redis (the lease was released by the crawl's end). */
  close(): Promise<void> {
    return this.coordinator.close().catch(() => undefined);
  }

  status(): CoordinatorStatus & { holdingLease: boolean } {
    const status = this.coordinator.status();
    return {
      ...status,
      refused: status.refused ?? this.refusedFeed ?? null,
      holdingLease: this.holdingLease,
    };
  }
}
