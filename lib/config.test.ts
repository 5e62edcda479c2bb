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
