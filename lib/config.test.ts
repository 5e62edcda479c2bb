import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

describe('parseConfig', () => {
  it('has working defaults', () => {
    const config = parseConfig({});
    expect(config.feedUrl).toBe('https://feed.craftedsignal.io/feed.json');
    expect(config.stixUrl).toBe('https://feed.craftedsignal.io/stix.json');
    expect(config.refreshSeconds).toBe(900);
    expect(config.newBriefsPollSeconds).toBe(60);
    expect(config.publicOrigin).toBeNull();
    expect(config.redisUrl).toBeNull();
  });

  it('has whole-crawl budgets that fit a 50,000-brief feed', () => {
    const config = parseConfig({});
    expect(config.maxPages).toBeGreaterThanOrEqual(500);
    expect(config.crawlMaxItems).toBe(100_000);
    expect(config.crawlMaxBytes).toBe(400 * 1024 * 1024);
    expect(config.crawlMaxMs).toBe(600_000);
    expect(parseConfig({ FEED_MAX_CRAWL_SECONDS: '30' }).crawlMaxMs).toBe(30_000);
  });

  it('refuses REDIS_URL without REDIS_SNAPSHOT_SECRET, and a short secret', () => {
    expect(() => parseConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(
      /REDIS_SNAPSHOT_SECRET: is required with REDIS_URL/,
    );
    expect(() =>
      parseConfig({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_SNAPSHOT_SECRET: 'short' }),
    ).toThrow(/REDIS_SNAPSHOT_SECRET.*at least 32/);
    const secret = 'x'.repeat(32);
    expect(
      parseConfig({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_SNAPSHOT_SECRET: secret })
        .redisSnapshotSecret,
    ).toBe(secret);
  });

  it('keeps only the origin of PUBLIC_ORIGIN', () => {
    expect(parseConfig({ PUBLIC_ORIGIN: 'https://Briefs.Example.org/' }).publicOrigin).toBe(
      'https://briefs.example.org',
    );
    expect(parseConfig({ PUBLIC_ORIGIN: 'http://127.0.0.1:8080' }).publicOrigin).toBe(
      'http://127.0.0.1:8080',
    );
  });

  for (const [value, message] of [
    ['briefs.example.org', /http\(s\) URL/],
    ['javascript:alert(1)', /http\(s\) URL/],
    ['https://briefs.example.org/dashboard', /origin/],
    ['https://briefs.example.org/?a=1', /origin/],
  ] as const) {
    it(`refuses PUBLIC_ORIGIN=${value}, naming the variable`, () => {
      let error: unknown;
      try {
        parseConfig({ PUBLIC_ORIGIN: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe('PUBLIC_ORIGIN');
      expect((error as ConfigError).message).toMatch(message);
    });
  }

  it('reads NEW_BRIEFS_POLL_SECONDS and refuses a bad one, naming it', () => {
    expect(parseConfig({ NEW_BRIEFS_POLL_SECONDS: '2' }).newBriefsPollSeconds).toBe(2);
    expect(() => parseConfig({ NEW_BRIEFS_POLL_SECONDS: '0' })).toThrow(/NEW_BRIEFS_POLL_SECONDS/);
  });
});

describe('TAXII_COLLECTIONS', () => {
  it('takes a JSON list of filtered collections', () => {
    const config = parseConfig({
      TAXII_COLLECTIONS: JSON.stringify([
        { title: 'Microsoft, critical', filter: 'vendor=Microsoft&severity=critical' },
        {
          id: '6f2c1f3e-8a7b-4c2d-9e1f-0a1b2c3d4e5f',
          title: 'Exploited',
          filter: 'exploited=true',
        },
      ]),
    });
    expect(config.taxiiCollections).toEqual([
      { title: 'Microsoft, critical', filter: 'vendor=Microsoft&severity=critical' },
      { id: '6f2c1f3e-8a7b-4c2d-9e1f-0a1b2c3d4e5f', title: 'Exploited', filter: 'exploited=true' },
    ]);
    expect(parseConfig({}).taxiiCollections).toEqual([]);
  });

  it.each([
    ['not json', /must be JSON/],
    ['{"title":"x","filter":""}', /TAXII_COLLECTIONS/],
    [
      '[{"title":"x","filter":"severity=apocalyptic"}]',
      /\[0\]\.\[filter\]: filter: severity must be one of/,
    ],
    ['[{"title":"x","filter":"utm_source=x"}]', /not a known parameter/],
    ['[{"filter":"severity=high"}]', /\[0\]\.\[title\]/],
    ['[{"title":"x","filter":"","colour":"red"}]', /TAXII_COLLECTIONS/],
    ['[{"title":"x","filter":""},{"title":"x","filter":"type=threat"}]', /unique/],
  ])('refuses %s', (value, message) => {
    expect(() => parseConfig({ TAXII_COLLECTIONS: value })).toThrow(message);
  });
});

describe('HTML worker pool configuration', () => {
  it('defaults to at most two threads of 64 MB and takes 0 for the serving thread', () => {
    const config = parseConfig({});
    expect(config.htmlPoolThreads).toBeGreaterThanOrEqual(1);
    expect(config.htmlPoolThreads).toBeLessThanOrEqual(2);
    expect(config.htmlPoolHeapMb).toBe(64);
    expect(config.htmlPoolMinChars).toBe(32_768);
    expect(
      parseConfig({ HTML_POOL_THREADS: '0', HTML_POOL_HEAP_MB: '16', HTML_POOL_MIN_CHARS: '0' }),
    ).toMatchObject({ htmlPoolThreads: 0, htmlPoolHeapMb: 16, htmlPoolMinChars: 0 });
  });

  it.each([
    ['HTML_POOL_THREADS', '17'],
    ['HTML_POOL_THREADS', 'two'],
    ['HTML_POOL_HEAP_MB', '8'],
    ['HTML_POOL_HEAP_MB', '-64'],
    ['HTML_POOL_MIN_CHARS', '500001'],
    ['HTML_POOL_MIN_CHARS', '32k'],
  ])('refuses %s=%s, naming it', (variable, value) => {
    expect(() => parseConfig({ [variable]: value })).toThrow(
      new RegExp(`Invalid environment variable ${variable}`),
    );
  });
});
