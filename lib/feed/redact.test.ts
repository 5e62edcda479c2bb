import { describe, expect, it } from 'vitest';
import { redactUrl, redactUrlsIn } from './redact';

describe('redactUrl', () => {
  it('drops credentials, query and fragment, keeps the path', () => {
    expect(redactUrl('https://u:secret@feed.example/feed.json?api_key=k1#x')).toBe(
      'https://redacted@feed.example/feed.json?redacted',
    );
    expect(redactUrl('redis://:pw@127.0.0.1:6379/0')).toBe('redis://redacted@127.0.0.1:6379/0');
    expect(redactUrl('https://feed.example/feed.json')).toBe('https://feed.example/feed.json');
    expect(redactUrl('not a url')).toBe('(unparsable URL)');
  });

  it('redacts every URL in a message and keeps the sentence', () => {
    expect(
      redactUrlsIn('HTTP 500 from https://h.example/p?api_key=k2. Then http://a:b@h2/x, done'),
    ).toBe('HTTP 500 from https://h.example/p?redacted. Then http://redacted@h2/x, done');
    expect(redactUrlsIn(null)).toBeNull();
  });
});
