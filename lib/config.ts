import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseViewFilter } from '@/lib/briefs/filter/url';

// Parsed once at start-up; an invalid value stops the server with a message naming the variable.

const intFrom = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((v) => v ?? fallback);

/** pino's levels; `silent` writes nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const logLevelSchema = z.enum(LOG_LEVELS, `must be one of: ${LOG_LEVELS.join(', ')}`);

/** LOG_LEVEL as the logger reads it before the whole configuration is checked (info if invalid). */
export function logLevelFrom(env: Record<string, string | undefined>): LogLevel {
  const parsed = logLevelSchema.safeParse(env.LOG_LEVEL?.trim() || 'info');
  return parsed.success ? parsed.data : 'info';
}

const urlOrKeyword = (keywords: readonly string[]) =>
  z
    .string()
    .trim()
    .refine((v) => keywords.includes(v) || /^https?:\/\//i.test(v), {
      message: `must be an http(s) URL${keywords.length ? ` or one of: ${keywords.join(', ')}` : ''}`,
    })
    .refine((v) => keywords.includes(v) || URL.canParse(v), { message: 'is not a valid URL' });

/** One configured TAXII collection: a filtered view of the briefs, as the list's query string. */
const taxiiCollectionSchema = z.strictObject({
  id: z.uuid().optional(),
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(1000).optional(),
  filter: z
    .string()
    .trim()
    .max(2000)
    .superRefine((query, ctx) => {
      const parsed = parseViewFilter(new URLSearchParams(query));
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `filter: ${parsed.error.message}` });
    }),
});

const taxiiCollectionsSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.array(taxiiCollectionSchema).max(100))
  .refine((list) => new Set(list.map((c) => c.id ?? c.title)).size === list.length, {
    message: 'collection ids (or titles, without an id) must be unique',
  });

export type TaxiiCollectionConfig = z.infer<typeof taxiiCollectionSchema>;

const envSchema = z.object({
  FEED_URL: urlOrKeyword(['offline']).optional().default('https://feed.craftedsignal.io/feed.json'),
  FEED_STIX_URL: urlOrKeyword(['off']).optional(),
  ATTACK_URL: urlOrKeyword(['off'])
    .optional()
    .default(
      'https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/enterprise-attack/enterprise-attack.json',
    ),
  // CISA KEV and FIRST EPSS (lib/signals/): `offline` (the default with FEED_URL=offline) serves
  // the bundled demo values and fetches nothing; `off` disables.
  KEV_URL: urlOrKeyword(['off', 'offline']).optional(),
  EPSS_URL: urlOrKeyword(['off', 'offline']).optional(),
  SIGNALS_REFRESH_SECONDS: intFrom(1, 31 * 24 * 3600, 24 * 3600),
  // Cap on each download (the KEV JSON, the gzip'd EPSS CSV); FIRST's file is about 2 MB.
  SIGNALS_MAX_BYTES: intFrom(1024, 2 ** 31, 64 * 1024 * 1024),
  FEED_REFRESH_SECONDS: intFrom(1, 31 * 24 * 3600, 900),
  NEW_BRIEFS_POLL_SECONDS: intFrom(1, 24 * 3600, 60),
  FEED_TIMEOUT_MS: intFrom(1, 10 * 60 * 1000, 10_000),
  // 1,000 pages of 100 items: twice a 50,000-brief feed, so no real feed meets the cap silently.
  FEED_MAX_PAGES: intFrom(1, 10_000, 1000),
  FEED_MAX_BYTES: intFrom(1024, 2 ** 31, 25 * 1024 * 1024),
  // Whole-crawl budgets. 50,000 briefs of the synthetic feed are about 335 MB of JSON.
  FEED_MAX_CRAWL_BYTES: intFrom(1024 * 1024, 2 ** 40, 400 * 1024 * 1024),
  FEED_MAX_CRAWL_ITEMS: intFrom(1, 10_000_000, 100_000),
  FEED_MAX_CRAWL_SECONDS: intFrom(1, 24 * 3600, 600),
  CACHE_DIR: z.string().trim().min(1).optional().default('.cache'),
  PORT: intFrom(1, 65_535, 3000),
  REDIS_URL: z
    .string()
    .trim()
    .refine((v) => /^rediss?:\/\//i.test(v) && URL.canParse(v), {
      message: 'must be a redis:// or rediss:// URL',
    })
    .optional(),
  REDIS_LOCK_TTL_MS: intFrom(1000, 60 * 60 * 1000, 30_000),
  // HMAC key of shared snapshots: every instance of one deployment is given the same one.
  REDIS_SNAPSHOT_SECRET: z
    .string()
    .trim()
    .min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)')
    .optional(),
  // No V8 string can hold more than about 512 MB, so no larger snapshot could be read anyway.
  REDIS_SNAPSHOT_MAX_BYTES: intFrom(1024 * 1024, 512 * 1024 * 1024, 512 * 1024 * 1024),
  PUBLIC_ORIGIN: z
    .string()
    .trim()
    .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), {
      message: 'must be an http(s) URL',
    })
    // Nothing after the host (no path, query, fragment or credentials): links are built on it.
    .refine((v) => !URL.canParse(v) || new URL(v).href === `${new URL(v).origin}/`, {
      message: 'must be an origin, without a path or query',
    })
    .transform((v) => new URL(v).origin)
    .optional(),
  TAXII_COLLECTIONS: taxiiCollectionsSchema.optional(),
  // Worker threads that sanitise item bodies (lib/feed/ingest/html-pool.ts); 0: the serving thread.
  HTML_POOL_THREADS: intFrom(0, 16, Math.min(2, availableParallelism())),
  HTML_POOL_HEAP_MB: intFrom(16, 4096, 64),
  // Shorter bodies are rendered on the serving thread, longer ones in the pool (html-renderer.ts).
  HTML_POOL_MIN_CHARS: intFrom(0, 500_000, 32_768),
  // Operations (lib/ops/): Prometheus metrics, log level, graceful shutdown.
  METRICS_ENABLED: z.enum(['true', 'false'], 'must be true or false').optional(),
  METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: logLevelSchema.optional().default('info'),
  SHUTDOWN_DRAIN_MS: intFrom(0, 10 * 60 * 1000, 10_000),
  // The byte bound of the whole-view export cache (lib/briefs/export/export-cache.ts).
  EXPORT_CACHE_MB: intFrom(0, 4096, 48),
});

export type AppConfig = {
  feedUrl: string | 'offline';
  stixUrl: string | 'off';
  attackUrl: string | 'off';
  kevUrl: string | 'off' | 'offline';
  epssUrl: string | 'off' | 'offline';
  /** How often KEV and EPSS are fetched again (daily). */
  signalsRefreshSeconds: number;
  /** Byte cap on each KEV or EPSS download. */
  signalsMaxBytes: number;
  refreshSeconds: number;
  /** How often an open list asks whether briefs arrived (five times less often when hidden). */
  newBriefsPollSeconds: number;
  timeoutMs: number;
  maxPages: number;
  maxBytes: number;
  /** Caps on one whole crawl: bytes fetched, raw items, wall time. */
  crawlMaxBytes: number;
  crawlMaxItems: number;
  crawlMaxMs: number;
  cacheDir: string;
  port: number;
  /** Several instances share one cache and one upstream fetch through Redis when set. */
  redisUrl: string | null;
  redisLockTtlMs: number;
  /** Signs and verifies shared snapshots; required with redisUrl. Never shown. */
  redisSnapshotSecret: string | null;
  /** Cap on a shared snapshot's decompressed size. */
  redisSnapshotMaxBytes: number;
  /**
   * Where readers reach the dashboard, for absolute links in exports and link previews. Unset,
   * the request's Host (or X-Forwarded-Host) is used: set it behind a proxy that passes either
   * through from the client unchecked.
   */
  publicOrigin: string | null;
  /** TAXII collections beside the built-in ones (all briefs, one per severity). */
  taxiiCollections: TaxiiCollectionConfig[];
  /** Worker threads that parse and sanitise item bodies; 0 does it on the serving thread. */
  htmlPoolThreads: number;
  /** Max old-generation heap of each of those workers. */
  htmlPoolHeapMb: number;
  /** Bodies this long or longer go to the pool; shorter ones are rendered on the serving thread. */
  htmlPoolMinChars: number;
  /** /metrics answers (Prometheus text) only when set. */
  metricsEnabled: boolean;
  /** When set, /metrics wants `Authorization: Bearer <token>`. Never shown. */
  metricsToken: string | null;
  logLevel: LogLevel;
  /** On SIGTERM: how long in-flight requests and a crawl under way get before the process exits. */
  shutdownDrainMs: number;
  /** Bound of the cache of whole-view exports (STIX bundles, TAXII objects); 0 keeps none. */
  exportCacheMb: number;
};

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid environment variable ${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_KEV_URL =
  'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json';
export const DEFAULT_EPSS_URL = 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz';

/** Default STIX URL: `stix.json` at the feed's origin. */
function defaultStixUrl(feedUrl: string): string {
  return feedUrl === 'offline' ? 'off' : new URL('/stix.json', feedUrl).toString();
}

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((k) =>
      env[k] === undefined || env[k] === '' ? [] : [[k, env[k]]],
    ),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    // Inside a JSON value (TAXII_COLLECTIONS), say where: `[1].filter: ...`.
    const where = issue && issue.path.length > 1 ? `[${issue.path.slice(1).join('].[')}]: ` : '';
    throw new ConfigError(
      variable,
      `${where}${issue?.message ?? 'invalid'} (got ${JSON.stringify(env[variable])})`,
    );
  }
  const e = parsed.data;
  // Without a shared key an instance could not tell a snapshot another instance published from
  // one written by anyone who can reach Redis (README, "Several instances").
  if (e.REDIS_URL && !e.REDIS_SNAPSHOT_SECRET) {
    throw new ConfigError(
      'REDIS_SNAPSHOT_SECRET',
      'is required with REDIS_URL: shared snapshots are signed with it (the same value on every instance)',
    );
  }
  return {
    feedUrl: e.FEED_URL,
    stixUrl: e.FEED_STIX_URL ?? defaultStixUrl(e.FEED_URL),
    attackUrl: e.ATTACK_URL,
    kevUrl: e.KEV_URL ?? (e.FEED_URL === 'offline' ? 'offline' : DEFAULT_KEV_URL),
    epssUrl: e.EPSS_URL ?? (e.FEED_URL === 'offline' ? 'offline' : DEFAULT_EPSS_URL),
    signalsRefreshSeconds: e.SIGNALS_REFRESH_SECONDS,
    signalsMaxBytes: e.SIGNALS_MAX_BYTES,
    refreshSeconds: e.FEED_REFRESH_SECONDS,
    newBriefsPollSeconds: e.NEW_BRIEFS_POLL_SECONDS,
    timeoutMs: e.FEED_TIMEOUT_MS,
    maxPages: e.FEED_MAX_PAGES,
    maxBytes: e.FEED_MAX_BYTES,
    crawlMaxBytes: e.FEED_MAX_CRAWL_BYTES,
    crawlMaxItems: e.FEED_MAX_CRAWL_ITEMS,
    crawlMaxMs: e.FEED_MAX_CRAWL_SECONDS * 1000,
    cacheDir: e.CACHE_DIR,
    port: e.PORT,
    redisUrl: e.REDIS_URL ?? null,
    redisLockTtlMs: e.REDIS_LOCK_TTL_MS,
    redisSnapshotSecret: e.REDIS_SNAPSHOT_SECRET ?? null,
    redisSnapshotMaxBytes: e.REDIS_SNAPSHOT_MAX_BYTES,
    publicOrigin: e.PUBLIC_ORIGIN ?? null,
    taxiiCollections: e.TAXII_COLLECTIONS ?? [],
    htmlPoolThreads: e.HTML_POOL_THREADS,
    htmlPoolHeapMb: e.HTML_POOL_HEAP_MB,
    htmlPoolMinChars: e.HTML_POOL_MIN_CHARS,
    metricsEnabled: e.METRICS_ENABLED === 'true',
    metricsToken: e.METRICS_TOKEN ?? null,
    logLevel: e.LOG_LEVEL,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    exportCacheMb: e.EXPORT_CACHE_MB,
  };
}

let cached: AppConfig | undefined;

export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
