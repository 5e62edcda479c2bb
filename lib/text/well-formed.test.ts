import { describe, expect, it } from 'vitest';
import { stableUuid } from './stable-uuid';
import { toWellFormed, wellFormedJson } from './well-formed';

describe('toWellFormed', () => {
  it('replaces lone surrogates with U+FFFD and keeps pairs', () => {
    expect(toWellFormed('A\ud800')).toBe('A\uFFFD');
    expect(toWellFormed('\udc00B')).toBe('\uFFFDB');
    expect(toWellFormed('ok \ud83d\ude00')).toBe('ok \ud83d\ude00');
    expect(toWellFormed('\ude00\ud83d')).toBe('\uFFFD\uFFFD');
  });

  it('walks parsed JSON, keys too, and keeps a __proto__ key a key', () => {
    const raw = JSON.parse('{"_cs_actors":["A\\ud800"],"__proto__":{"x":"\\udc00"}}') as object;
    const clean = wellFormedJson(raw) as Record<string, unknown>;
    expect(clean._cs_actors).toEqual(['A\uFFFD']);
    expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(clean, '__proto__')?.value).toEqual({ x: '\uFFFD' });
  });
});

describe('stableUuid', () => {
  it('never throws on a lone surrogate and hashes it as U+FFFD', () => {
    const ns = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
    expect(() => encodeURIComponent('A\ud800')).toThrow(URIError);
    expect(stableUuid('A\ud800', ns)).toBe(stableUuid('A\uFFFD', ns));
    expect(stableUuid('plain', ns)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
