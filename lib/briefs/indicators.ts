// Indicators of compromise as the app keeps them, and the few pure functions every side needs:
// defanging for display, telling whether a search looks like an indicator, and the key a value
// is looked up by. Dependency-free: used by ingest (server), the query index and the UI.

export interface Indicator {
  /** Short type: url, domain, email, ipv4, ipv6, md5, sha1, sha256, file_name, or a custom one. */
  type: string;
  /** The raw value, as the pattern gives it (unescaped). Untrusted text: never markup or a link. */
  value: string;
}

/** What a brief's page and exports read from the brief store with its body. */
export interface BriefIndicators {
  indicators: Indicator[];
  /** Indicators left out: over the per-brief cap, too long, or with control characters. */
  indicatorsOmitted: number;
  /** The report's external references: URLs or bare strings (`CVE-2026-55429`). */
  references: string[];
}

export const INDICATOR_LIMITS = {
  /** Longer values are left out (a cut indicator would match something else). */
  valueChars: 2048,
  perBrief: 1000,
  referencesPerBrief: 100,
} as const;

/** Custom types are kept only in this shape: they become CSS-free text and STIX property names. */
export const INDICATOR_TYPE = /^[a-z][a-z0-9_]{0,39}$/;

/** Types a search can find by exact value. */
export const SEARCHABLE_TYPES = [
  'ipv4',
  'ipv6',
  'domain',
  'url',
  'email',
  'md5',
  'sha1',
  'sha256',
] as const;
export type SearchableType = (typeof SEARCHABLE_TYPES)[number];

/** Undoes the usual defanging: hxxp, [.], (.), [dot], [@], [at], [:]. */
export function refang(value: string): string {
  return value
    .trim()
    .replace(/^hxxp(s?):\/\//i, 'http$1://')
    .replace(/^fxp:\/\//i, 'ftp://')
    .replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)/gi, '.')
    .replace(/\[@\]|\(@\)|\[at\]|\(at\)/gi, '@')
    .replace(/\[:\]/g, ':');
}

/** A value made safe to show: nothing in it can be clicked or resolved by accident. */
export function defang(type: string, value: string): string {
  let out = value.replace(/^http(s?):\/\//i, 'hxxp$1://').replace(/^ftp:\/\//i, 'fxp://');
  if (type === 'ipv6' || /^(md5|sha1|sha256)$/.test(type)) return out;
  if (type === 'email') return out.replace(/@/g, '[@]').replace(/\.(?=[^.]*$)/, '[.]');
  // Domains and IPv4: the last dot; URLs: the last dot of the host.
  if (type === 'url' || /^hxxps?:\/\//i.test(out)) {
    const m = /^([a-z]+:\/\/)([^/?#]*)(.*)$/is.exec(out);
    if (m) out = `${m[1]}${m[2]!.replace(/\.(?=[^.]*$)/, '[.]')}${m[3]}`;
    return out;
  }
  if (type === 'domain' || type === 'ipv4') return out.replace(/\.(?=[^.]*$)/, '[.]');
  return out;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^(?=.*:)[0-9a-f:.]{2,45}$/i;
const DOMAIN =
  /^(?=.{4,253}$)(?:\*\.)?(?:[a-z0-9_](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;
const EMAIL = /^[^\s@]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const URL_LIKE = /^[a-z][a-z0-9+.-]{1,15}:\/\/[^\s]+$/i;
const HASHES: Record<number, SearchableType> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };

function isIpv6(value: string): boolean {
  if (!IPV6.test(value) || (value.match(/::/g)?.length ?? 0) > 1) return false;
  try {
    return new URL(`http://[${value}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

/**
 * The type of a value that looks like an indicator (plain or defanged), or null. A bare word
 * with a dot (`example.com`) is a domain: file names such as `setup.exe` are searched as text too.
 */
export function classifyIndicator(raw: string): { type: SearchableType; value: string } | null {
  const value = refang(raw);
  if (value === '' || value.length > INDICATOR_LIMITS.valueChars || /\s/.test(value)) return null;
  if (URL_LIKE.test(value)) return { type: 'url', value };
  if (IPV4.test(value)) return { type: 'ipv4', value };
  if (/^[0-9a-f]+$/i.test(value) && HASHES[value.length])
    return { type: HASHES[value.length]!, value };
  if (isIpv6(value)) return { type: 'ipv6', value };
  if (EMAIL.test(value)) return { type: 'email', value };
  if (DOMAIN.test(value) && !/^\d+(\.\d+)+$/.test(value)) return { type: 'domain', value };
  return null;
}

/** The form values are compared in: refanged and lower-cased (hosts and hashes ignore case). */
export function indicatorKey(value: string): string {
  return refang(value).toLowerCase();
}

/**
 * A 53-bit hash of a key, exact enough to look values up without keeping them on the heap (two
 * 32-bit FNV-1a variants; a false match needs two collisions at once).
 */
export function indicatorHash(key: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

/** The hashes a brief is found by: one per searchable indicator value. */
export function indicatorHashes(indicators: readonly Indicator[]): number[] {
  const hashes = new Set<number>();
  for (const { type, value } of indicators) {
    if ((SEARCHABLE_TYPES as readonly string[]).includes(type))
      hashes.add(indicatorHash(indicatorKey(value)));
  }
  return [...hashes];
}

/** Indicators grouped by type, types in order of first appearance. */
export function groupIndicators(indicators: readonly Indicator[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const { type, value } of indicators) {
    const list = groups.get(type);
    if (list) list.push(value);
    else groups.set(type, [value]);
  }
  return groups;
}

/** A reference is a link only when it is an absolute http(s) URL. */
export function referenceHref(reference: string): string | null {
  if (!/^https?:\/\//i.test(reference)) return null;
  try {
    const url = new URL(reference);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const TYPE_LABELS: Record<string, string> = {
  url: 'URLs',
  domain: 'Domains',
  email: 'Email addresses',
  ipv4: 'IPv4 addresses',
  ipv6: 'IPv6 addresses',
  md5: 'MD5 hashes',
  sha1: 'SHA-1 hashes',
  sha256: 'SHA-256 hashes',
  file_name: 'File names',
  file_path: 'File paths',
  url_path: 'URL paths',
};

/** A heading for a type; custom types show as the upstream names them. */
export function indicatorTypeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type.replace(/_/g, ' ');
}
