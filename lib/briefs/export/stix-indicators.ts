import { referenceHref, type Indicator } from '@/lib/briefs/indicators';

// A brief's indicators and references in STIX 2.1: each indicator a one-comparison pattern over
// the standard cyber-observable its type names (url, domain-name, email-addr, ipv4/ipv6-addr,
// file hashes and name), custom types kept under the upstream's own `x-ti-bot` object; the
// references as the report's external references (http/https as `url`, anything else as text).

const STANDARD_PATHS: Record<string, string> = {
  url: 'url:value',
  domain: 'domain-name:value',
  email: 'email-addr:value',
  ipv4: 'ipv4-addr:value',
  ipv6: 'ipv6-addr:value',
  md5: 'file:hashes.MD5',
  sha1: "file:hashes.'SHA-1'",
  sha256: "file:hashes.'SHA-256'",
  file_name: 'file:name',
};

/** The upstream's custom object type for its non-standard indicator types. */
export const CUSTOM_OBJECT = 'x-ti-bot';

const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A valid STIX 2.1 pattern for an indicator; a wildcard domain (`*.tk`) becomes a LIKE. */
export function toStixPattern({ type, value }: Indicator): string {
  if (type === 'domain' && value.startsWith('*.')) {
    const like = value.replace(/[%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
    return `[domain-name:value LIKE ${quote(like)}]`;
  }
  const path = STANDARD_PATHS[type] ?? `${CUSTOM_OBJECT}:${type}`;
  return `[${path} = ${quote(value)}]`;
}

/** A report's external reference for one of its references. */
export function toExternalReference(reference: string): Record<string, string> {
  const href = referenceHref(reference);
  return href
    ? { source_name: 'reference', url: href }
    : { source_name: 'reference', description: reference };
}
