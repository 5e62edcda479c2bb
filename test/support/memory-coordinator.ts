import type { Brief } from '@/lib/briefs/types';
import {
  CoordinatorUnavailableError,
  type CoordinatorStatus,
  type RefreshLease,
  type SharedSnapshot,
  type SnapshotCoordinator,
} from '@/lib/serving/shared/coordinator';
import type { SnapshotHead } from '@/lib/serving/shared/shared-snapshot';

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
    head: SnapshotHead;
    briefs: Brief[];
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
        const { head } = snapshot;
        const briefs = [...snapshot.briefs];
        this.stored = { version: String(token), token, head, briefs, renewedAt: null };
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

  async readLatest(): Promise<SharedSnapshot | null> {
    this.check();
    if (!this.stored) return null;
    const { version, head, briefs, renewedAt } = this.stored;
    return {
      version,
      head: renewedAt ? { ...head, fetchedAt: renewedAt } : head,
      // Two briefs a part, as the Redis coordinator streams them.
      parts: async function* () {
        for (let i = 0; i < briefs.length; i += 2) yield briefs.slice(i, i + 2);
      },
    };
  }

  /** The stored briefs, as readLatest's parts give them. */
  async readBriefs(): Promise<Brief[]> {
    const out: Brief[] = [];
    for await (const part of (await this.readLatest())?.parts() ?? []) out.push(...part);
    return out;
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
