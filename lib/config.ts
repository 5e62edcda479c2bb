import { z } from 'zod';

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

const urlOrKeyword = (keywords: readonly string[]) =>
  z
    .string()
    .trim()
    .refine((v) => keywords.includes(v) || /^https?:\/\//i.test(v), {
      message: `must be an http(s) URL${keywords.length ? ` or one of: ${keywords.join(', ')}` : ''}`,
    })
    .refine((v) => keywords.includes(v) || URL.canParse(v), { message: 'is not a valid URL' });

const envSchema = z.object({
  FEED_URL: urlOrKeyword(['offline']).optional().default('https://feed.craftedsignal.io/feed.json'),
  FEED_STIX_URL: urlOrKeyword(['off']).optional(),
  ATTACK_URL: urlOrKeyword(['off'])
    .optional()
    .default(
      'https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/enterprise-attack/enterprise-attack.json',
    ),
  FEED_REFRESH_SECONDS: intFrom(1, 31 * 24 * 3600, 900),
  NEW_BRIEFS_POLL_SECONDS: intFrom(1, 24 * 3600, 60),
  FEED_TIMEOUT_MS: intFrom(1, 10 * 60 * 1000, 10_000),
  FEED_MAX_PAGES: intFrom(1, 10_000, 200),
  FEED_MAX_BYTES: intFrom(1024, 2 ** 31, 25 * 1024 * 1024),
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
});

export type AppConfig = {
  feedUrl: string | 'offline';
  stixUrl: string | 'off';
  attackUrl: string | 'off';
  refreshSeconds: number;
  /** How often an open list asks whether briefs arrived (five times less often when hidden). */
  newBriefsPollSeconds: number;
  timeoutMs: number;
  maxPages: number;
  maxBytes: number;
  cacheDir: string;
  port: number;
  /** Several instances share one cache and one upstream fetch through Redis when set. */
  redisUrl: string | null;
  redisLockTtlMs: number;
  /**
   * Where readers reach the dashboard, for absolute links in exports and link previews. Unset,
   * the request's Host (or X-Forwarded-Host) is used: set it behind a proxy that passes either
   * through from the client unchecked.
   */
  publicOrigin: string | null;
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
    throw new ConfigError(
      variable,
      `${issue?.message ?? 'invalid'} (got ${JSON.stringify(env[variable])})`,
    );
  }
  const e = parsed.data;
  return {
    feedUrl: e.FEED_URL,
    stixUrl: e.FEED_STIX_URL ?? defaultStixUrl(e.FEED_URL),
    attackUrl: e.ATTACK_URL,
    refreshSeconds: e.FEED_REFRESH_SECONDS,
    newBriefsPollSeconds: e.NEW_BRIEFS_POLL_SECONDS,
    timeoutMs: e.FEED_TIMEOUT_MS,
    maxPages: e.FEED_MAX_PAGES,
    maxBytes: e.FEED_MAX_BYTES,
    cacheDir: e.CACHE_DIR,
    port: e.PORT,
    redisUrl: e.REDIS_URL ?? null,
    redisLockTtlMs: e.REDIS_LOCK_TTL_MS,
    publicOrigin: e.PUBLIC_ORIGIN ?? null,
  };
}

let cached: AppConfig | undefined;

export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
