import 'server-only';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Brief } from '@/lib/briefs/types';
import {
  CoordinatorUnavailableError,
  type RefreshLease,
  type SharedSnapshot,
  type SnapshotCoordinator,
} from './coordinator';
import { describeError } from '@/lib/feed/errors';
import { moduleLog } from '@/lib/ops/log';
import { redactUrl, redactUrlsIn } from '@/lib/feed/redact';
import type { SharedSnapshotSource } from '@/lib/serving/shared/shared-snapshot';
import { ACQUIRE, EXTEND, PUBLISH, RELEASE, RENEW } from './redis-scripts';
import { PART_READ_END, readParts, writeParts } from './snapshot-parts';
import { openHead, RefusedSnapshot, sealHead, type SharedHead } from './signed-snapshot';

// Several instances share one snapshot and one upstream crawl through Redis. One module, over 300
// lines, because it is one closure over one connection: the lease, publish/read and the version
// news share its state (the Lua scripts, the signed encoding and the parts are beside it). Keys
// (under the prefix):
//   fence     INCR counter: every lease's token, strictly increasing
//   lock      the token of the lease holder, with a PX expiry so a dead holder frees it
//   head      the latest version's head: pages, STIX record, part count, nonce (signed-snapshot.ts)
//   snapshot:<version>:<n>  its parts, about 1 MB of briefs' JSON each, gzip'd and signed one by
//             one (150 MB of JSON at 10k briefs is never one value); staged with an expiry until
//             the version flips, given one again when a newer version replaces them
//   parts     how many parts the latest version has (so the next publish can expire them)
//   version   String(token) of the lease that published the snapshot
//   token     the same token as a number, for fencing late writers
//   renewed   "<version> <fetchedAt>" when the holder found that version unchanged upstream since
// The channel carries a new version as its token, and a renewal as "renewed <version> <fetchedAt>".
// Every check-and-set runs as one Lua script, so no other client sees a half-done step.

/** Commands fail at once while Redis is down; this is how long a call waits for a (re)connect. */
const READY_WAIT_MS = 1000;

const RENEWED_MESSAGE = /^renewed (\d+) (\S+)$/;
/** Parts staged by a publisher that died before the flip expire after this long. */
const STAGED_PARTS_MS = 10 * 60_000;
/** A replaced version's parts stay this long, for instances part-way through reading them. */
const REPLACED_PARTS_MS = 2 * 60_000;
/** The publisher extends its lease every this many parts (a 50,000-brief feed has ~750). */
const EXTEND_EVERY_PARTS = 32;

export interface RedisCoordinatorOptions {
  /** REDIS_SNAPSHOT_SECRET: signs what this instance publishes, verifies what it reads. */
  secret: string;
  /** Cap on a snapshot's decompressed size (REDIS_SNAPSHOT_MAX_BYTES). */
  maxSnapshotBytes?: number;
  keyPrefix?: string;
  /** How often the version key is read as a fallback for lost pub/sub messages. */
  pollMs?: number;
}

/** The URL as shown in status and logs: never the username, password or query (lib/feed/redact.ts). */
export const redactRedisUrl = redactUrl;

export function createRedisCoordinator(
  url: string,
  opts: RedisCoordinatorOptions,
): SnapshotCoordinator {
  if (!opts.secret) throw new Error('createRedisCoordinator needs the snapshot secret');
  const secret = opts.secret;
  const maxSnapshotBytes = opts.maxSnapshotBytes ?? 512 * 1024 * 1024;
  const prefix = opts.keyPrefix ?? 'briefs:';
  const pollMs = opts.pollMs ?? 2000;
  const safeUrl = redactUrl(url);
  const keys = {
    fence: `${prefix}fence`,
    lock: `${prefix}lock`,
    head: `${prefix}head`,
    parts: `${prefix}parts`,
    /** The single value an earlier release stored the whole snapshot in: deleted on publish. */
    legacySnapshot: `${prefix}snapshot`,
    version: `${prefix}version`,
    token: `${prefix}token`,
    renewed: `${prefix}renewed`,
  };
  const channel = `${prefix}versions`;
  const partPrefix = `${prefix}snapshot:`;
  const partKey = (version: string, index: number) => `${partPrefix}${version}:${index}`;

  let lastError: string | null = null;
  /** The last stored snapshot refused (bad signature, too large, unreadable), for status(). */
  let refused: { version: string; reason: string; at: string } | null = null;
  /** The newest version observed in Redis, for status(). */
  let lastSeen: string | null = null;
  /** The version this instance read or published: listeners hear only of others. */
  let held: string | null = null;
  let reading: Promise<SharedSnapshot | null> | null = null;
  let closed = false;
  const listeners = new Set<(version: string) => void>();
  const renewListeners = new Set<(version: string, fetchedAt: string) => void>();
  /** The last renewal heard ("<version> <fetchedAt>"), so a poll repeats none. */
  let lastRenewal: string | null = null;
  let subscriber: Redis | null = null;
  let pollTimer: NodeJS.Timeout | null = null;

  const client = new Redis(url, {
    lazyConnect: true,
    // Fail fast while Redis is down: the store then serves what it has instead of waiting.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // Big enough for a multi-megabyte snapshot on a slow link, small enough to notice a hung server.
    commandTimeout: 20_000,
    // Keep reconnecting forever (capped backoff) so instances rejoin without a restart.
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  watch(client);

  function watch(conn: Redis): void {
    // Without an 'error' listener ioredis prints every failed reconnect; we report in status().
    conn.on('error', (err: Error) => {
      lastError = redactUrlsIn(describeError(err));
    });
    conn.on('ready', () => {
      if (conn === client) lastError = null;
      // Messages published while the subscriber was away are lost: read the version now.
      if (conn === subscriber) void poll();
    });
  }

  function unavailable(err: unknown): CoordinatorUnavailableError {
    if (err instanceof CoordinatorUnavailableError) return err;
    lastError = redactUrlsIn(describeError(err));
    return new CoordinatorUnavailableError(`Redis at ${safeUrl} is unavailable: ${lastError}`, {
      cause: err,
    });
  }

  async function ready(): Promise<void> {
    if (closed) throw new CoordinatorUnavailableError('the Redis coordinator is closed');
    if (client.status === 'ready') return;
    if (client.status === 'wait') client.connect().catch(() => undefined); // lazyConnect: first use
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off('ready', onReady);
        reject(unavailable(new Error(lastError ?? 'not connected')));
      }, READY_WAIT_MS);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      client.once('ready', onReady);
    });
  }

  /** Every command goes through here so any failure reaches the store as CoordinatorUnavailableError. */
  async function run<T>(command: () => Promise<T>): Promise<T> {
    await ready();
    try {
      return await command();
    } catch (err) {
      throw unavailable(err);
    }
  }

  // Not deduplicated beyond `held`: until the store has read a new version, every poll repeats
  // the news, so a read that failed is retried (readLatest is single-flight, so this is cheap).
  function notify(version: string | null): void {
    if (version === null) return;
    lastSeen = version;
    if (version === held) return;
    for (const listener of listeners) {
      try {
        listener(version);
      } catch (err) {
        moduleLog('redis').error(`A snapshot version listener failed: ${describeError(err)}`);
      }
    }
  }

  function notifyRenewed(renewal: string | null): void {
    if (renewal === null || renewal === lastRenewal) return;
    lastRenewal = renewal;
    const [version, fetchedAt] = renewal.split(' ') as [string, string | undefined];
    if (!fetchedAt) return;
    for (const listener of renewListeners) {
      try {
        listener(version, fetchedAt);
      } catch (err) {
        moduleLog('redis').error(`A snapshot renewal listener failed: ${describeError(err)}`);
      }
    }
  }

  function onMessage(_channel: string, message: string): void {
    const renewal = RENEWED_MESSAGE.exec(message);
    if (renewal) notifyRenewed(`${renewal[1]} ${renewal[2]}`);
    else notify(message);
  }

  async function poll(): Promise<void> {
    try {
      const [version, renewed] = await run(() => client.mget(keys.version, keys.renewed));
      notify(version ?? null);
      notifyRenewed(renewed ?? null);
    } catch {
      // Down: status() shows it; the next poll after the reconnect catches up.
    }
  }

  function refuse(version: string, reason: string): void {
    refused = { version, reason, at: new Date().toISOString() };
    lastSeen = version;
    moduleLog('redis').error(`Refused the shared snapshot version ${version}: ${reason}`);
  }

  async function readLatest(): Promise<SharedSnapshot | null> {
    // A refused version is not fetched again (a 1 GB gzip bomb was inflated on every poll).
    if (refused && (await run(() => client.get(keys.version))) === refused.version) return null;
    // MULTI: the version and the head it names are read as one.
    const replies = await run(() =>
      client.multi().get(keys.version).getBuffer(keys.head).get(keys.renewed).exec(),
    );
    const version = replies?.[0]?.[1];
    const stored = replies?.[1]?.[1];
    const renewed = replies?.[2]?.[1];
    if (typeof version !== 'string' || !Buffer.isBuffer(stored)) return null;
    let head: SharedHead;
    try {
      head = await openHead(secret, version, stored, maxSnapshotBytes);
    } catch (err) {
      if (!(err instanceof RefusedSnapshot)) throw err;
      refuse(version, err.message);
      return null;
    }
    refused = null;
    // A renewal of this version since it was stored: the data is as fresh as that check.
    if (typeof renewed === 'string' && renewed.startsWith(`${version} `)) {
      const fetchedAt = renewed.slice(version.length + 1);
      if (!head.fetchedAt || fetchedAt > head.fetchedAt) head.fetchedAt = fetchedAt;
    }
    lastSeen = version;
    return { version, head, parts: () => readVersionParts(version, head) };
  }

  /** A version's parts; the version is refused as a whole when any part is. */
  async function* readVersionParts(version: string, head: SharedHead): AsyncGenerator<Brief[]> {
    try {
      yield* readParts({
        secret,
        version,
        head,
        maxBytes: maxSnapshotBytes,
        fetch: (index) =>
          run(() => client.getrangeBuffer(partKey(version, index), 0, PART_READ_END)),
      });
    } catch (err) {
      if (!(err instanceof RefusedSnapshot)) throw err;
      // A version replaced while it was read loses its parts after a while: not refused.
      const current = await run(() => client.get(keys.version));
      if (current !== version) throw new Error(`version ${version} was replaced while read`);
      refuse(version, err.message);
      throw err;
    }
    held = version; // read in full: the news of it is no longer news here
  }

  /** Subscribes once for all listeners, with the poll as the fallback for lost messages. */
  function listen(): void {
    if (closed) return;
    if (!subscriber) {
      // A connection in subscriber mode can run no other command, hence a second one. Its
      // offline queue holds the SUBSCRIBE until connected; ioredis resubscribes after reconnects.
      subscriber = client.duplicate({ lazyConnect: false, enableOfflineQueue: true });
      watch(subscriber);
      subscriber.on('message', onMessage);
      subscriber.subscribe(channel).catch(() => undefined);
    }
    if (!pollTimer) {
      pollTimer = setInterval(() => void poll(), pollMs);
      pollTimer.unref();
    }
  }

  function lease(token: number, ttlMs: number): RefreshLease {
    const id = String(token);
    return {
      token,
      async extend() {
        return (await run(() => client.eval(EXTEND, 1, keys.lock, id, ttlMs))) === 1;
      },
      async publish(snapshot: SharedSnapshotSource) {
        const nonce = randomBytes(16).toString('hex');
        let stored = false;
        let result: unknown;
        // Set before the flip so our own pub/sub message does not make this instance reload
        // (not before: while parts are written a poll must still see the version held here).
        const previous = held;
        try {
          const written = await writeParts({
            secret,
            version: id,
            nonce,
            briefs: snapshot.briefs,
            store: async (index, value) => {
              await run(() => client.set(partKey(id, index), value, 'PX', STAGED_PARTS_MS));
              if (index % EXTEND_EVERY_PARTS === EXTEND_EVERY_PARTS - 1)
                await run(() => client.eval(EXTEND, 1, keys.lock, id, ttlMs));
            },
          });
          const head = await sealHead(secret, id, { ...snapshot.head, ...written, nonce });
          const keysAndArgs = [
            keys.token,
            keys.head,
            keys.version,
            keys.fence,
            keys.renewed,
            keys.parts,
            keys.legacySnapshot,
            id,
            head,
            channel,
            written.parts,
            partPrefix,
            REPLACED_PARTS_MS,
          ];
          held = id;
          result = await run(() => client.eval(PUBLISH, 7, ...keysAndArgs));
          stored = result === 1;
        } catch (err) {
          if (held === id) held = previous;
          // Parts already staged expire by themselves (STAGED_PARTS_MS).
          if (!(err instanceof CoordinatorUnavailableError))
            moduleLog('redis').error(`Could not publish version ${id}: ${describeError(err)}`);
          throw err;
        }
        if (stored) lastSeen = id;
        else if (held === id) held = previous;
        if (result === -1)
          moduleLog('redis').error(`Version ${id} lost a staged part before it was published`);
        return stored;
      },
      async renew(version: string, fetchedAt: string) {
        const keysAndArgs = [
          keys.token,
          keys.version,
          keys.renewed,
          id,
          version,
          fetchedAt,
          channel,
        ];
        return (await run(() => client.eval(RENEW, 3, ...keysAndArgs))) === 1;
      },
      async release() {
        await run(() => client.eval(RELEASE, 1, keys.lock, id));
      },
    };
  }

  return {
    async tryAcquire(ttlMs) {
      const token = await run(() => client.eval(ACQUIRE, 2, keys.lock, keys.fence, ttlMs));
      return token === null ? null : lease(Number(token), ttlMs);
    },

    readLatest() {
      // Single flight: a pub/sub message and a poll for the same version share one big read.
      reading ??= readLatest().finally(() => {
        reading = null;
      });
      return reading;
    },

    async readVersion() {
      return run(() => client.get(keys.version));
    },

    onVersionChange(listener) {
      listeners.add(listener);
      listen();
      return () => {
        listeners.delete(listener);
      };
    },

    onRenewed(listener) {
      renewListeners.add(listener);
      listen();
      return () => {
        renewListeners.delete(listener);
      };
    },

    status() {
      return {
        url: safeUrl,
        connected: client.status === 'ready',
        lastError,
        version: lastSeen,
        refused: refused && `version ${refused.version} at ${refused.at}: ${refused.reason}`,
      };
    },

    async close() {
      closed = true;
      listeners.clear();
      renewListeners.clear();
      if (pollTimer) clearInterval(pollTimer);
      pollTimer = null;
      subscriber?.disconnect();
      client.disconnect();
    },
  };
}
