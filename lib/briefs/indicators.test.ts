import { describe, expect, it } from 'vitest';
import {
  classifyIndicator,
  defang,
  indicatorHash,
  indicatorHashes,
  indicatorKey,
  referenceHref,
  refang,
} from './indicators';

describe('defang', () => {
  it('breaks schemes and last dots so nothing resolves', () => {
    expect(defang('url', 'http://192.0.2.10/stage2.bin')).toBe('hxxp://192.0.2[.]10/stage2.bin');
    expect(defang('url', 'https://a.example.com/x.php')).toBe('hxxps://a.example[.]com/x.php');
    expect(defang('domain', 'example.com')).toBe('example[.]com');
    expect(defang('ipv4', '192.0.2.1')).toBe('192.0.2[.]1');
    expect(defang('email', 'billing@example.com')).toBe('billing[@]example[.]com');
    expect(defang('sha256', 'ab'.repeat(32))).toBe('ab'.repeat(32));
    expect(defang('file_name', 'setup.exe')).toBe('setup.exe');
  });

  it('round-trips through refang', () => {
    for (const [type, value] of [
      ['url', 'https://a.example.com/x'],
      ['domain', 'c2.example.net'],
      ['ipv4', '192.0.2.1'],
      ['email', 'a@b.example'],
    ] as const)
      expect(refang(defang(type, value))).toBe(value);
  });
});

describe('classifyIndicator', () => {
  it.each([
    ['192.0.2.1', 'ipv4'],
    ['192.0.2[.]1', 'ipv4'],
    ['2001:db8::1', 'ipv6'],
    ['example.com', 'domain'],
    ['example[.]com', 'domain'],
    ['hxxp://example[.]com/a', 'url'],
    ['https://example.com/a?b=c', 'url'],
    ['billing@example.com', 'email'],
    ['billing[@]example[.]com', 'email'],
    ['d41d8cd98f00b204e9800998ecf8427e', 'md5'],
    ['da39a3ee5e6b4b0d3255bfef95601890afd80709', 'sha1'],
    ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'sha256'],
  ])('%s is %s', (raw, type) => {
    expect(classifyIndicator(raw)?.type).toBe(type);
  });

  it.each(['ransomware', 'CVE-2024-1234', 'T1059', 'two words.com', '1.2.3', '999.1.1.1', ''])(
    '%j is not an indicator',
    (raw) => expect(classifyIndicator(raw)).toBeNull(),
  );
});

describe('indicator keys and hashes', () => {
  it('match plain and defanged forms, ignoring case', () => {
    expect(indicatorKey('C2[.]Example[.]NET')).toBe('c2.example.net');
    expect(indicatorHash(indicatorKey('hxxp://a[.]example/x'))).toBe(
      indicatorHash('http://a.example/x'),
    );
    expect(indicatorHash('a')).not.toBe(indicatorHash('b'));
    expect(Number.isSafeInteger(indicatorHash('anything'))).toBe(true);
  });

  it('hash only searchable types, once per value', () => {
    expect(
      indicatorHashes([
        { type: 'domain', value: 'a.example' },
        { type: 'domain', value: 'A.example' },
        { type: 'file_name', value: 'a.example' },
      ]),
    ).toHaveLength(1);
  });
});

describe('referenceHref', () => {
  it('links http(s) only', () => {
    expect(referenceHref('https://a.example/x')).toBe('https://a.example/x');
    expect(referenceHref('javascript:alert(1)')).toBeNull();
    expect(referenceHref('CVE-2026-55429')).toBeNull();
  });
});
