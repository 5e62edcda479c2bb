import {
  CoordinatorUnavailableError,
  type CoordinatorStatus,
  type RefreshLease,
  type SnapshotCoordinator,
} from '@/lib/feed/shared-refresh/coordinator';
import type { Snapshot } from '@/lib/feed/snapshot';

/**
 * An in-process SnapshotCoordinator with the Redis one's rules (exclusive lease, fencing, renewal
 * only of the stored version) that records what the store asked of it. `down` makes every call
 * fail as an unreachable Redis does.
 */
export class MemoryCoordinator implements SnapshotCoordinator {
  calls: ('publish' | 'renew')[] = [];
  down = false;
  private fence = 0;
  private holder: number | null = null;
  private stored: {
    version: string;
    token: number;
    snapshot: Snapshot;
    renewedAt: string | null;
  } | null = null;

  get version(): string | null {
    return this.stored?.version ?? null;
  }

  private check(): void {
    if (this.down) throw new CoordinatorUnavailableError('memory coordinator is down');
  }

  async tryAcquire(): Promise<RefreshLease | null> {
    this.check();
    if (this.holder !== null) return null;
    const token = ++this.fence;
    this.holder = token;
    const fenced = () => (this.stored?.token ?? 0) > token;
    return {
      token,
      extend: async () => this.holder === token,
      publish: async (snapshot) => {
        this.check();
        this.calls.push('publish');
        if (fenced()) return false;
        this.stored = { version: String(token), token, snapshot, renewedAt: null };
        return true;
      },
      renew: async (version, fetchedAt) => {
        this.check();
        this.calls.push('renew');
        if (fenced() || this.stored?.version !== version) return false;
        this.stored.renewedAt = fetchedAt;
        return true;
      },
      release: async () => {
        if (this.holder === token) this.holder = null;
      },
    };
  }

  async readLatest(): Promise<{ version: string; snapshot: Snapshot } | null> {
    this.check();
    if (!this.stored) return null;
    const { version, snapshot, renewedAt } = this.stored;
    return { version, snapshot: renewedAt ? { ...snapshot, fetchedAt: renewedAt } : snapshot };
  }

  async readVersion(): Promise<string | null> {
    this.check();
    return this.version;
  }

  onVersionChange(): () => void {
    return () => undefined;
  }

  onRenewed(): () => void {
    return () => undefined;
  }

  status(): CoordinatorStatus {
    return { url: 'memory://', connected: !this.down, lastError: null, version: this.version };
  }

  async close(): Promise<void> {}
}
