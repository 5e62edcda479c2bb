import catalogJson from '@/data/attack-catalog.json' with { type: 'json' };
import type { CompactCatalog } from '@/lib/briefs/attack/catalog-types';

// Deterministic synthetic CraftedSignal feed: JSON Feed 1.1 items with `_cs_` fields, the matching
// STIX 2.1 bundle, and JSON Feed pages. The prose is this project's own, assembled from templates;
// vendor, product, CVE, actor and ATT&CK names are real facts, the rest (versions, most CVE ids,
// IOCs, dates) is invented. Used by the demo snapshot, the upstream stand-in and the benchmark.

const catalog = catalogJson as CompactCatalog;

export const FEED_ORIGIN = 'https://feed.craftedsignal.io';
export const FEED_URL = `${FEED_ORIGIN}/feed.json`;
export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';
export const JSON_FEED_1_0_VERSION = 'https://jsonfeed.org/version/1';
export const FEED_TITLE = 'CraftedSignal Threat Feed';
export const FEED_DESCRIPTION =
  'Trending threats, MITRE ATT\u0026CK coverage, and detection metadata — refreshed continuously.';
export const DEFAULT_REFERENCE_DATE = '2026-11-20T00:00:00Z';

// ---------------------------------------------------------------------------------------------
// Shapes

export interface CsCve {
  id: string;
  cvss?: number;
}

/** One feed item exactly as the upstream writes it (keys in the upstream's alphabetical order). */
export interface SynthItem {
  _cs_actors: string[];
  _cs_cpes?: string[];
  _cs_cves: CsCve[];
  _cs_exploited: boolean;
  _cs_has_poc?: boolean;
  _cs_poc_references?: string[];
  _cs_products: string[];
  _cs_severities: string[];
  _cs_tags: string[];
  _cs_type: string;
  _cs_vendors: string[];
  content_html: string;
  date_modified: string;
  date_published: string;
  id: string;
  summary: string;
  title: string;
  url: string;
}

/** The unprefixed JSON Feed 1.0 variant the site's API page documents. */
export interface SynthItemV1 {
  actors: string[];
  content_html: string;
  cves: CsCve[];
  date: string;
  exploited: boolean;
  id: string;
  products: string[];
  severities: string[];
  summary: string;
  tags: string[];
  title: string;
  type: string;
  url: string;
  vendors: string[];
}

export interface FeedPage<T = unknown> {
  description: string;
  feed_url: string;
  home_page_url: string;
  items: T[];
  language: string;
  next_url?: string;
  title: string;
  version: string;
}

export interface StixObject {
  type: string;
  id: string;
  [key: string]: unknown;
}

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** Ground truth about one generated brief, for tests and the benchmark. */
export interface SynthBriefMeta {
  slug: string;
  scenario: string;
  /** Every technique of the brief (the STIX `uses` targets), sorted. */
  techniques: string[];
  /** Technique ids written in the content text. */
  techniquesInText: string[];
  attackChainSteps: number;
  recommendations: number;
  /** Headings in document order, as written. */
  headings: string[];
}

export interface SynthOptions {
  count: number;
  seed?: number;
  /** The newest brief is published shortly before this instant. */
  referenceDate?: string;
  /** Publication dates spread over this many days before the reference date (default 540, ~18 months). */
  spanDays?: number;
  /** Vocabulary sizes; defaults are the real vocabulary (about 40 vendors, 70 products, 110 tags). */
  vendors?: number;
  products?: number;
  tags?: number;
  /** `mixed` (default): older briefs carry a path id, newer ones the full URL. */
  idStyle?: 'path' | 'url' | 'mixed';
  /** `full` (default): bodies of 3-8 kB like the upstream. `compact`: about 2-3.5 kB, for the bundled demo. */
  bodySize?: 'full' | 'compact';
  origin?: string;
}

export interface SynthStixOptions {
  seed?: number;
  /** Only briefs published within this many days before the reference date (the real /stix.json holds 30). */
  windowDays?: number;
  referenceDate?: string;
  /** The report description: the brief's Markdown (default, as upstream) or just its summary (smaller). */
  description?: 'markdown' | 'summary';
  /** Repeat technique and CVE objects per report like the upstream (default true); false is smaller. */
  repeatShared?: boolean;
}

export interface SynthFeed {
  items: SynthItem[];
  meta: SynthBriefMeta[];
  /** The brief's Markdown body (what a STIX report's description carries), rendered on demand. */
  markdownOf(slug: string): string | undefined;
}

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (sfc32 seeded through splitmix32): fast, deterministic, no Math.random.

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  /** Integer in [min, max], inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(values: readonly T[]): T {
    if (values.length === 0) throw new Error('pick from an empty list');
    return values[Math.floor(this.next() * values.length)] as T;
  }

  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  shuffle<T>(values: readonly T[]): T[] {
    const out = values.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /** k distinct values, in their original order. */
  sample<T>(values: readonly T[], k: number): T[] {
    if (k >= values.length) return values.slice();
    const chosen = new Set<number>();
    while (chosen.size < k) chosen.add(Math.floor(this.next() * values.length));
    return [...chosen].sort((x, y) => x - y).map((i) => values[i] as T);
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length)
      out += Math.floor(this.next() * 4294967296)
        .toString(16)
        .padStart(8, '0');
    return out.slice(0, length);
  }
}

/** A Zipf-like picker over indices 0..n-1: a few popular values and a long tail. */
class ZipfPicker {
  private readonly cumulative: Float64Array;

  constructor(n: number, exponent = 1.05) {
    this.cumulative = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      total += 1 / Math.pow(i + 1, exponent);
      this.cumulative[i] = total;
    }
  }

  pick(rng: Rng): number {
    const n = this.cumulative.length;
    const target = rng.next() * (this.cumulative[n - 1] ?? 0);
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// ---------------------------------------------------------------------------------------------
// Small shared helpers

/**
 * The feed's taxonomy slug rule (Hugo's urlize): lower case, accents dropped, runs of anything
 * but letters, digits and underscores become one hyphen. `Splunk Enterprise` -> `splunk-enterprise`,
 * `defense_evasion` stays `defense_evasion`.
 */
export function slugify(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A product name without its version range: `Foo (< 2.3.1)` -> `Foo`. */
export function productName(product: string): string {
  return product.replace(/\s*\([^()]*\)\s*$/, '').trim();
}

/** FNV-1a over a string, 32 bits. */
export function hash32(value: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A stable UUID v4-shaped string derived from a key (STIX ids must not change between runs). */
export function stableUuid(key: string): string {
  const a = hash32(key);
  const b = hash32(key, 0x2f1a3b4c);
  const c = Math.imul(a ^ (b >>> 15), 0x85ebca6b) >>> 0;
  const d = Math.imul(b ^ (a >>> 13), 0xc2b2ae35) >>> 0;
  const hex = [a, b, c, d].map((n) => n.toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Serialise like the upstream (Go's encoding/json): `<`, `>` and `&` escaped as \u003c, \u003e, \u0026. */
export function toGoJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 60_000) * 60_000).toISOString().replace('.000Z', 'Z');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

function escapeCode(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Inline markup of the templates: `code` and **strong**. Rendered in one pass the way Hugo's
 * Goldmark does (smart apostrophes and quotes in running text), or kept as Markdown for STIX.
 */
export function inlineToHtml(text: string): string {
  let out = '';
  let inCode = false;
  let inStrong = false;
  let openQuote = true;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let rep: string | null = null;
    if (c === 96 /* ` */) {
      rep = inCode ? '</code>' : '<code>';
      inCode = !inCode;
    } else if (c === 38) rep = '&amp;';
    else if (c === 60) rep = '&lt;';
    else if (c === 62) rep = '&gt;';
    else if (c === 34) {
      rep = inCode ? '&quot;' : openQuote ? '&ldquo;' : '&rdquo;';
      if (!inCode) openQuote = !openQuote;
    } else if (c === 39) rep = inCode ? '&#39;' : '&rsquo;';
    else if (c === 42 && !inCode && text.charCodeAt(i + 1) === 42) {
      rep = inStrong ? '</strong>' : '<strong>';
      inStrong = !inStrong;
      out += text.slice(start, i) + rep;
      i++;
      start = i + 1;
      continue;
    }
    if (rep !== null) {
      out += text.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return out + text.slice(start);
}

// ---------------------------------------------------------------------------------------------
// Real vocabulary

type Category =
  | 'edge'
  | 'mail'
  | 'collab'
  | 'app'
  | 'filetransfer'
  | 'rmm'
  | 'devtools'
  | 'cloud'
  | 'identity'
  | 'hypervisor'
  | 'os'
  | 'browser'
  | 'backup'
  | 'saas'
  | 'kernel';

interface ProductDef {
  vendor: string;
  name: string;
  category: Category;
  /** CPE 2.3 part, vendor and product; absent for services without a CPE. */
  cpe?: [string, string, string];
}

// prettier-ignore
const REAL_PRODUCTS: ProductDef[] = [
  { vendor: 'Microsoft', name: 'Exchange Server', category: 'mail', cpe: ['a', 'microsoft', 'exchange_server'] },
  { vendor: 'Fortinet', name: 'FortiGate', category: 'edge', cpe: ['h', 'fortinet', 'fortigate'] },
  { vendor: 'Ivanti', name: 'Connect Secure', category: 'edge', cpe: ['a', 'ivanti', 'connect_secure'] },
  { vendor: 'Citrix', name: 'NetScaler ADC', category: 'edge', cpe: ['a', 'citrix', 'netscaler_application_delivery_controller'] },
  { vendor: 'Palo Alto Networks', name: 'PAN-OS', category: 'edge', cpe: ['o', 'paloaltonetworks', 'pan-os'] },
  { vendor: 'Amazon', name: 'S3', category: 'cloud' },
  { vendor: 'Okta', name: 'Okta', category: 'identity' },
  { vendor: 'Cisco', name: 'IOS XE', category: 'edge', cpe: ['o', 'cisco', 'ios_xe'] },
  { vendor: 'VMware', name: 'ESXi', category: 'hypervisor', cpe: ['o', 'vmware', 'esxi'] },
  { vendor: 'Atlassian', name: 'Confluence Data Center', category: 'collab', cpe: ['a', 'atlassian', 'confluence_data_center'] },
  { vendor: 'Microsoft', name: 'Windows', category: 'os', cpe: ['o', 'microsoft', 'windows'] },
  { vendor: 'Microsoft', name: 'Entra ID', category: 'identity' },
  { vendor: 'Microsoft', name: 'SharePoint Server', category: 'collab', cpe: ['a', 'microsoft', 'sharepoint_server'] },
  { vendor: 'Fortinet', name: 'FortiOS', category: 'edge', cpe: ['o', 'fortinet', 'fortios'] },
  { vendor: 'Amazon', name: 'IAM', category: 'cloud' },
  { vendor: 'Amazon', name: 'EC2', category: 'cloud' },
  { vendor: 'Google', name: 'Chrome', category: 'browser', cpe: ['a', 'google', 'chrome'] },
  { vendor: 'Progress', name: 'MOVEit Transfer', category: 'filetransfer', cpe: ['a', 'progress', 'moveit_transfer'] },
  { vendor: 'ConnectWise', name: 'ScreenConnect', category: 'rmm', cpe: ['a', 'connectwise', 'screenconnect'] },
  { vendor: 'Microsoft', name: 'Microsoft 365', category: 'saas' },
  { vendor: 'Apache', name: 'Log4j', category: 'app', cpe: ['a', 'apache', 'log4j'] },
  { vendor: 'F5', name: 'BIG-IP', category: 'edge', cpe: ['a', 'f5', 'big-ip_local_traffic_manager'] },
  { vendor: 'Citrix', name: 'NetScaler Gateway', category: 'edge', cpe: ['a', 'citrix', 'netscaler_gateway'] },
  { vendor: 'VMware', name: 'vCenter Server', category: 'hypervisor', cpe: ['a', 'vmware', 'vcenter_server'] },
  { vendor: 'SonicWall', name: 'SonicOS', category: 'edge', cpe: ['o', 'sonicwall', 'sonicos'] },
  { vendor: 'Veeam', name: 'Backup & Replication', category: 'backup', cpe: ['a', 'veeam', 'veeam_backup_\\&_replication'] },
  { vendor: 'JetBrains', name: 'TeamCity', category: 'devtools', cpe: ['a', 'jetbrains', 'teamcity'] },
  { vendor: 'SAP', name: 'NetWeaver', category: 'app', cpe: ['a', 'sap', 'netweaver'] },
  { vendor: 'Google', name: 'Google Workspace', category: 'saas' },
  { vendor: 'Microsoft', name: 'Azure', category: 'cloud' },
  { vendor: 'Amazon', name: 'CloudTrail', category: 'cloud' },
  { vendor: 'Cisco', name: 'ASA', category: 'edge', cpe: ['o', 'cisco', 'adaptive_security_appliance_software'] },
  { vendor: 'Fortinet', name: 'FortiManager', category: 'edge', cpe: ['a', 'fortinet', 'fortimanager'] },
  { vendor: 'Ivanti', name: 'Policy Secure', category: 'edge', cpe: ['a', 'ivanti', 'policy_secure'] },
  { vendor: 'Ivanti', name: 'Endpoint Manager Mobile', category: 'app', cpe: ['a', 'ivanti', 'endpoint_manager_mobile'] },
  { vendor: 'Palo Alto Networks', name: 'GlobalProtect', category: 'edge', cpe: ['a', 'paloaltonetworks', 'globalprotect'] },
  { vendor: 'Apache', name: 'ActiveMQ', category: 'app', cpe: ['a', 'apache', 'activemq'] },
  { vendor: 'Apache', name: 'Tomcat', category: 'app', cpe: ['a', 'apache', 'tomcat'] },
  { vendor: 'OpenBSD', name: 'OpenSSH', category: 'app', cpe: ['a', 'openbsd', 'openssh'] },
  { vendor: 'Jenkins', name: 'Jenkins', category: 'devtools', cpe: ['a', 'jenkins', 'jenkins'] },
  { vendor: 'GitHub', name: 'GitHub Actions', category: 'devtools' },
  { vendor: 'Check Point', name: 'Quantum Security Gateway', category: 'edge', cpe: ['o', 'checkpoint', 'quantum_security_gateway'] },
  { vendor: 'Juniper Networks', name: 'Junos OS', category: 'edge', cpe: ['o', 'juniper', 'junos'] },
  { vendor: 'Salesforce', name: 'Sales Cloud', category: 'saas' },
  { vendor: 'Snowflake', name: 'Snowflake', category: 'saas' },
  { vendor: 'Linux', name: 'Linux Kernel', category: 'kernel', cpe: ['o', 'linux', 'linux_kernel'] },
  { vendor: 'Apple', name: 'macOS', category: 'os', cpe: ['o', 'apple', 'macos'] },
  { vendor: 'Apple', name: 'iOS', category: 'os', cpe: ['o', 'apple', 'iphone_os'] },
  { vendor: 'Kubernetes', name: 'Kubernetes', category: 'cloud', cpe: ['a', 'kubernetes', 'kubernetes'] },
  { vendor: 'Docker', name: 'Docker Engine', category: 'cloud', cpe: ['a', 'docker', 'docker'] },
  { vendor: 'PaperCut', name: 'PaperCut NG', category: 'app', cpe: ['a', 'papercut', 'papercut_ng'] },
  { vendor: 'Zimbra', name: 'Zimbra Collaboration', category: 'mail', cpe: ['a', 'zimbra', 'collaboration'] },
  { vendor: 'Roundcube', name: 'Roundcube Webmail', category: 'mail', cpe: ['a', 'roundcube', 'webmail'] },
  { vendor: 'Splunk', name: 'Splunk Enterprise', category: 'app', cpe: ['a', 'splunk', 'splunk'] },
  { vendor: 'Oracle', name: 'WebLogic Server', category: 'app', cpe: ['a', 'oracle', 'weblogic_server'] },
  { vendor: 'Oracle', name: 'E-Business Suite', category: 'app', cpe: ['a', 'oracle', 'e-business_suite'] },
  { vendor: 'SolarWinds', name: 'Web Help Desk', category: 'app', cpe: ['a', 'solarwinds', 'web_help_desk'] },
  { vendor: 'SolarWinds', name: 'Serv-U', category: 'filetransfer', cpe: ['a', 'solarwinds', 'serv-u'] },
  { vendor: 'Zoho', name: 'ManageEngine ADSelfService Plus', category: 'identity', cpe: ['a', 'zohocorp', 'manageengine_adselfservice_plus'] },
  { vendor: 'WordPress', name: 'WordPress', category: 'app', cpe: ['a', 'wordpress', 'wordpress'] },
  { vendor: 'CrushFTP', name: 'CrushFTP', category: 'filetransfer', cpe: ['a', 'crushftp', 'crushftp'] },
  { vendor: 'Cleo', name: 'Harmony', category: 'filetransfer', cpe: ['a', 'cleo', 'harmony'] },
  { vendor: 'SimpleHelp', name: 'SimpleHelp', category: 'rmm', cpe: ['a', 'simple-help', 'simplehelp'] },
  { vendor: 'SonicWall', name: 'SMA 100', category: 'edge', cpe: ['o', 'sonicwall', 'sma_100_firmware'] },
  { vendor: 'Fortinet', name: 'FortiWeb', category: 'edge', cpe: ['a', 'fortinet', 'fortiweb'] },
  { vendor: 'Amazon', name: 'Lambda', category: 'cloud' },
  { vendor: 'Google', name: 'Google Cloud', category: 'cloud' },
  { vendor: 'Microsoft', name: 'Outlook', category: 'mail', cpe: ['a', 'microsoft', 'outlook'] },
];

/** Real, well-known CVEs of the real products (CVSS v3 base scores as published by the vendor or NVD). */
// prettier-ignore
const REAL_CVES: { product: string; id: string; cvss: number; range?: string }[] = [
  { product: 'NetScaler ADC', id: 'CVE-2023-4966', cvss: 9.4, range: '< 14.1-8.50' },
  { product: 'NetScaler Gateway', id: 'CVE-2023-4966', cvss: 9.4, range: '< 14.1-8.50' },
  { product: 'NetScaler ADC', id: 'CVE-2023-3519', cvss: 9.8 },
  { product: 'PAN-OS', id: 'CVE-2024-3400', cvss: 10.0, range: '< 11.1.2-h3' },
  { product: 'Connect Secure', id: 'CVE-2023-46805', cvss: 8.2 },
  { product: 'Connect Secure', id: 'CVE-2024-21887', cvss: 9.1 },
  { product: 'Connect Secure', id: 'CVE-2025-0282', cvss: 9.0, range: '< 22.7R2.5' },
  { product: 'Connect Secure', id: 'CVE-2025-22457', cvss: 9.0, range: '< 22.7R2.6' },
  { product: 'IOS XE', id: 'CVE-2023-20198', cvss: 10.0 },
  { product: 'IOS XE', id: 'CVE-2023-20273', cvss: 7.2 },
  { product: 'Exchange Server', id: 'CVE-2022-41040', cvss: 8.8 },
  { product: 'Exchange Server', id: 'CVE-2022-41082', cvss: 8.8 },
  { product: 'Confluence Data Center', id: 'CVE-2023-22515', cvss: 10.0, range: '< 8.3.3' },
  { product: 'Confluence Data Center', id: 'CVE-2022-26134', cvss: 9.8, range: '< 7.18.1' },
  { product: 'FortiOS', id: 'CVE-2024-21762', cvss: 9.8, range: '< 7.4.3' },
  { product: 'FortiOS', id: 'CVE-2023-27997', cvss: 9.8, range: '< 7.2.5' },
  { product: 'FortiGate', id: 'CVE-2024-21762', cvss: 9.8, range: '< 7.4.3' },
  { product: 'FortiManager', id: 'CVE-2024-47575', cvss: 9.8 },
  { product: 'MOVEit Transfer', id: 'CVE-2023-34362', cvss: 9.8 },
  { product: 'ScreenConnect', id: 'CVE-2024-1709', cvss: 10.0, range: '< 23.9.8' },
  { product: 'Log4j', id: 'CVE-2021-44228', cvss: 10.0, range: '< 2.15.0' },
  { product: 'OpenSSH', id: 'CVE-2024-6387', cvss: 8.1, range: '< 9.8p1' },
  { product: 'BIG-IP', id: 'CVE-2022-1388', cvss: 9.8 },
  { product: 'TeamCity', id: 'CVE-2023-42793', cvss: 9.8, range: '< 2023.05.4' },
  { product: 'Jenkins', id: 'CVE-2024-23897', cvss: 9.8, range: '< 2.442' },
  { product: 'ActiveMQ', id: 'CVE-2023-46604', cvss: 9.8, range: '< 5.18.3' },
  { product: 'ESXi', id: 'CVE-2024-37085', cvss: 6.8 },
  { product: 'ESXi', id: 'CVE-2021-21974', cvss: 8.8 },
  { product: 'PaperCut NG', id: 'CVE-2023-27350', cvss: 9.8, range: '< 22.0.9' },
  { product: 'SharePoint Server', id: 'CVE-2025-53770', cvss: 9.8 },
  { product: 'NetWeaver', id: 'CVE-2025-31324', cvss: 10.0 },
  { product: 'Chrome', id: 'CVE-2023-4863', cvss: 8.8 },
];

const ACTORS = {
  espionage: [
    'Volt Typhoon',
    'Salt Typhoon',
    'Silk Typhoon',
    'APT41',
    'UNC5221',
    'UNC3886',
    'Sandworm Team',
    'APT28',
  ],
  phishing: [
    'APT29',
    'APT28',
    'Kimsuky',
    'TA505',
    'FIN7',
    'Lazarus Group',
    'Star Blizzard',
    'MuddyWater',
    'Gamaredon Group',
  ],
  ransomware: [
    'Akira',
    'Black Basta',
    'LockBit',
    'RansomHub',
    'Qilin',
    'Play',
    'Medusa',
    'Scattered Spider',
    'Wizard Spider',
  ],
  extortion: ['Cl0p', 'ShinyHunters', 'LAPSUS$', 'Scattered Spider'],
  identity: ['Scattered Spider', 'APT29', 'ShinyHunters', 'LAPSUS$', 'Storm-0558'],
  supply: ['Lazarus Group', 'APT41', 'TeamTNT'],
  crime: ['FIN7', 'TA505', 'Scattered Spider', 'Lazarus Group'],
} as const;

// prettier-ignore
const BASE_TAGS = [
  'ransomware', 'phishing', 'cloud', 'aws', 'azure', 'gcp', 's3', 'data_loss', 'rce', 'vpn', 'edge_device',
  'zero_day', 'web_shell', 'credential_theft', 'supply_chain', 'infostealer', 'botnet', 'mfa', 'oauth', 'saas',
  'kubernetes', 'container', 'linux', 'windows', 'macos', 'esxi', 'hypervisor', 'exchange', 'sharepoint',
  'lolbins', 'powershell', 'cobalt_strike', 'sliver', 'brute_force', 'password_spraying', 'session_hijacking',
  'extortion', 'data_theft', 'espionage', 'china_nexus', 'russia_nexus', 'dprk', 'iran_nexus', 'cisa_kev',
  'patch_now', 'authentication_bypass', 'command_injection', 'path_traversal', 'deserialization', 'sql_injection',
  'ssrf', 'memory_corruption', 'file_transfer', 'rmm', 'remote_access', 'backup', 'identity', 'okta', 'entra_id',
  'm365', 'cloudtrail', 'iam', 'npm', 'pypi', 'github', 'ci_cd', 'clickfix', 'loader', 'malvertising', 'vishing',
  'help_desk', 'sigma', 'detection', 'threat_hunting', 'network_device', 'firmware', 'persistence_mechanism',
  'living_off_the_land', 'proxy_network', 'tunneling', 'exfiltration_tool', 'rclone', 'wiper', 'hacktivism', 'ddos',
  'cryptomining', 'browser', 'mobile', 'ios', 'android', 'webmail', 'xss', 'privilege_escalation_bug', 'kernel',
  'openssh', 'log4j', 'java', 'php', 'dotnet', 'rumour', 'unconfirmed', 'underground_forum', 'exploit_broker',
];

/** ATT&CK tactic shortname -> the snake case tag the feed uses. */
function tacticTag(shortname: string): string {
  return shortname.replace(/-/g, '_');
}

// ---------------------------------------------------------------------------------------------
// Synthetic vocabulary beyond the real one (plausible, clearly invented names)

// prettier-ignore
const VENDOR_STEMS = [
  'Northwind', 'Bluecrest', 'Ironbark', 'Kestrel', 'Halcyon', 'Quillon', 'Meridian', 'Cobalt Ridge', 'Stratus',
  'Tamarack', 'Larkspur', 'Redshank', 'Oakhaven', 'Silverfin', 'Brightwater', 'Granite Peak', 'Veridian', 'Ashgrove',
  'Corvane', 'Driftwood', 'Emberline', 'Foxglove', 'Glasswing', 'Harrowgate', 'Islebrook', 'Juniperline', 'Kingsmere',
  'Lowmoor', 'Mistral', 'Nettlefield', 'Orrin', 'Pinecrest', 'Quarrystone', 'Rookwood', 'Saltmarsh', 'Thistledown',
  'Umberfield', 'Valemont', 'Wrenfield', 'Yarrowby',
];
const VENDOR_SUFFIXES = [
  'Systems',
  'Networks',
  'Software',
  'Labs',
  'Technologies',
  'Security',
  'Data',
  'Cloud',
  'Digital',
  'Solutions',
];
// prettier-ignore
const PRODUCT_WORDS = [
  'Secure', 'Edge', 'Cloud', 'Data', 'Net', 'Sync', 'Vault', 'Flow', 'Core', 'Sentry', 'Orbit', 'Pulse', 'Harbor',
  'Beacon', 'Atlas', 'Nimbus', 'Vector', 'Relay', 'Summit', 'Lumen', 'Keystone', 'Bastion', 'Signal', 'Torrent',
];
// prettier-ignore
const PRODUCT_KINDS: [string, Category][] = [
  ['Gateway', 'edge'], ['VPN', 'edge'], ['Firewall', 'edge'], ['Router OS', 'edge'], ['Load Balancer', 'edge'],
  ['Mail', 'mail'], ['Identity', 'identity'], ['SSO', 'identity'], ['Backup', 'backup'], ['File Transfer', 'filetransfer'],
  ['Remote Support', 'rmm'], ['Build Server', 'devtools'], ['Registry', 'devtools'], ['Hypervisor', 'hypervisor'],
  ['Storage', 'cloud'], ['Container Platform', 'cloud'], ['Wiki', 'collab'], ['Portal', 'app'], ['Manager', 'app'],
  ['Console', 'app'], ['Server', 'app'], ['Agent', 'os'], ['CRM', 'saas'], ['Browser', 'browser'],
];
const PRODUCT_EDITIONS = [
  '',
  ' Enterprise',
  ' Pro',
  ' Cloud',
  ' Appliance',
  ' Server',
  ' Suite',
  ' Edge',
  ' Plus',
];
// prettier-ignore
const TAG_HEADS = [
  'stealthy', 'cloud', 'edge', 'mobile', 'insider', 'wiper', 'loader', 'dropper', 'backdoor', 'beacon', 'phish',
  'token', 'session', 'registry', 'kernel', 'firmware', 'api', 'webhook', 'macro', 'script', 'proxy', 'tunnel',
  'archive', 'dns', 'ldap', 'smb', 'rdp', 'ssh', 'vpn', 'saml',
];
// prettier-ignore
const TAG_TAILS = [
  'campaign', 'infra', 'persistence', 'telemetry', 'exposure', 'misconfig', 'tooling', 'variant', 'cluster', 'lure',
  'abuse', 'hunting', 'hardening', 'staging', 'pivot', 'implant', 'relay', 'leak', 'takeover', 'drift',
];

interface Vocabulary {
  products: ProductDef[];
  productZipf: ZipfPicker;
  productOrder: number[];
  tags: string[];
  tagZipf: ZipfPicker;
  vendors: string[];
}

function buildVocabulary(
  rng: Rng,
  vendorCount: number | undefined,
  productCount: number | undefined,
  tagCount: number | undefined,
): Vocabulary {
  const realVendors: string[] = [];
  for (const p of REAL_PRODUCTS) if (!realVendors.includes(p.vendor)) realVendors.push(p.vendor);
  const wantVendors = Math.max(1, vendorCount ?? realVendors.length);
  const vendors = realVendors.slice(0, wantVendors);
  const vendorSlugs = new Set(vendors.map(slugify));
  const stems = rng.shuffle(VENDOR_STEMS);
  const suffixes = rng.shuffle(VENDOR_SUFFIXES);
  outer: for (let round = 0; vendors.length < wantVendors; round++) {
    for (const stem of stems) {
      if (vendors.length >= wantVendors) break outer;
      const suffix = suffixes[(round + hash32(stem)) % suffixes.length] ?? 'Systems';
      const name = round < suffixes.length ? `${stem} ${suffix}` : `${stem} ${suffix} ${round}`;
      if (!vendorSlugs.has(slugify(name))) {
        vendorSlugs.add(slugify(name));
        vendors.push(name);
      }
    }
    if (round > 10_000) break;
  }

  const vendorSet = new Set(vendors);
  const wantProducts = Math.max(1, productCount ?? REAL_PRODUCTS.length);
  const products = REAL_PRODUCTS.filter((p) => vendorSet.has(p.vendor)).slice(0, wantProducts);
  const productSlugs = new Set(products.map((p) => slugify(p.name)));
  // Every vendor gets at least one product, then the rest round-robin.
  const withProducts = new Set(products.map((p) => p.vendor));
  const vendorQueue = [...vendors.filter((v) => !withProducts.has(v)), ...rng.shuffle(vendors)];
  let attempt = 0;
  while (products.length < wantProducts && attempt < wantProducts * 50) {
    const vendor = vendorQueue[attempt % vendorQueue.length] ?? 'Northwind Systems';
    attempt++;
    const word = rng.pick(PRODUCT_WORDS);
    const [kind, category] = rng.pick(PRODUCT_KINDS);
    const edition = attempt > wantProducts ? rng.pick(PRODUCT_EDITIONS) : '';
    const brand = vendor.split(' ')[0] ?? vendor;
    const name = rng.chance(0.5)
      ? `${brand} ${word}${kind.includes(' ') ? ' ' : ''}${kind}${edition}`
      : `${word} ${kind}${edition}`;
    const slug = slugify(name);
    if (productSlugs.has(slug)) continue;
    productSlugs.add(slug);
    const cpeVendor = slugify(vendor).replace(/-/g, '_');
    products.push({ vendor, name, category, cpe: ['a', cpeVendor, slug.replace(/-/g, '_')] });
  }
  let guard = 0;
  while (products.length < wantProducts && guard++ < wantProducts * 10) {
    const name = `${rng.pick(PRODUCT_WORDS)} ${rng.pick(PRODUCT_KINDS)[0]} ${products.length}`;
    if (productSlugs.has(slugify(name))) continue;
    productSlugs.add(slugify(name));
    products.push({ vendor: rng.pick(vendors), name, category: 'app' });
  }

  const tagCountWanted = Math.max(1, tagCount ?? BASE_TAGS.length + 14);
  const tags = [...catalog.tactics.map((t) => tacticTag(t.shortname)), ...BASE_TAGS].slice(
    0,
    tagCountWanted,
  );
  const tagSet = new Set(tags);
  for (let round = 0; tags.length < tagCountWanted; round++) {
    for (const head of TAG_HEADS) {
      for (const tail of TAG_TAILS) {
        if (tags.length >= tagCountWanted) break;
        const tag = round === 0 ? `${head}_${tail}` : `${head}_${tail}_${round + 1}`;
        if (!tagSet.has(tag)) {
          tagSet.add(tag);
          tags.push(tag);
        }
      }
    }
  }

  // Real products stay the most popular; the synthetic tail is shuffled.
  const realCount = products.filter((p) => REAL_PRODUCTS.includes(p)).length;
  const productOrder = [
    ...Array.from({ length: realCount }, (_, i) => i),
    ...rng.shuffle(Array.from({ length: products.length - realCount }, (_, i) => i + realCount)),
  ];
  return {
    products,
    productZipf: new ZipfPicker(products.length, 0.9),
    productOrder,
    tags,
    tagZipf: new ZipfPicker(tags.length, 0.8),
    vendors,
  };
}

// ---------------------------------------------------------------------------------------------
// Scenarios: coherent template sets. Placeholders: {P} product, {V} vendor, {A} actor phrase,
// {CVE} the CVE or "the vulnerability", {T:T1234} an optional technique mention, {DOM} a defanged
// domain, {IP}, {PATH} a web path, {ROLE}/{role} a cloud action. Inline `code` and **strong**.

type BriefType = 'threat' | 'coverage' | 'advisory' | 'rumour';
type Severity = 'critical' | 'high' | 'medium' | 'low' | 'informational' | 'rumour';

interface Step {
  text: string;
  techniques: string[];
}

interface Scenario {
  key: string;
  weight: number;
  categories: Category[];
  types: [BriefType, number][];
  severities: [Severity, number][];
  exploited: number;
  poc: number;
  cve: number;
  actor: number;
  actors: readonly string[];
  tags: string[];
  labels: string[];
  tools: string[];
  titles: string[];
  summaries: string[];
  overviews: string[];
  steps: Step[];
  impacts: string[];
  recommendations: string[];
  detections: string[];
  queries: { lang: string; code: string }[];
}

const s = (text: string, ...techniques: string[]): Step => ({ text, techniques });

const GENERIC_CONTEXT = [
  'Exposure data gathered from internet-wide scanning suggests that a meaningful share of deployments still run affected builds weeks after fixes became available, which keeps the window of opportunity open for opportunistic crews as well as patient, targeted operators.',
  "Telemetry shared by several incident response teams shows the activity clustering around business hours in the victims' time zones, a pattern that usually points to hands-on-keyboard operators rather than a fully automated campaign.",
  'This brief consolidates public reporting, vendor guidance and our own detection engineering notes. Where reporting diverges we note the difference rather than picking a side, and the confidence level of each claim is reflected in the recommendations.',
  'Defenders should treat published indicators for this activity as short-lived. The infrastructure observed so far rotates quickly, and the behaviours described in the attack chain are the more durable signal for hunting and detection.',
  'Organisations that expose management interfaces directly to the internet are disproportionately represented among confirmed victims, so reducing that exposure is the single most effective control while patches are rolled out.',
  'Because the affected component often sits outside the reach of endpoint agents, visibility depends on the logs the platform itself produces. Several victims discovered the intrusion only after forwarding those logs to a central store and reviewing them retrospectively.',
  'The tradecraft overlaps with activity reported earlier this year, but the overlap is limited to commodity tooling and public exploit code, so attribution based on those elements alone would be weak.',
  'Smaller organisations without a dedicated security team are at particular risk: the initial foothold is quiet, and the first visible symptom is frequently the final-stage impact rather than any of the preparatory steps.',
  'Several of the steps below rely on features that administrators use every day. That makes blanket blocking impractical; the better approach is to baseline who normally performs these actions, from where and at what time, and to alert on departures from that baseline.',
  'We have rated the severity on the assumption that the affected system is reachable by the attacker and holds or brokers access to sensitive data. Where neither is true in your environment, the urgency is lower, but the recommendations still reduce exposure.',
  'Public proof-of-concept code tends to shorten the gap between disclosure and mass exploitation to days. Even where no exploitation has been confirmed yet, planning the remediation now avoids a rushed change later.',
  'The timeline reconstructed from victim environments shows long quiet periods between the initial access and the next stage. Those gaps are an opportunity: a compromise found during the quiet period can be contained before any data leaves the network.',
  'Cloud-hosted and on-premises deployments are affected differently. Managed services usually receive fixes from the provider automatically, while self-hosted instances depend on the customer applying updates, which is where most of the observed compromises occurred.',
  'The detections in this brief are written to be portable. Field names follow common log schemas, and each rule lists the assumptions it makes so that it can be adapted to the logging actually available in your environment.',
];

const GENERIC_RECOMMENDATIONS = [
  'Forward the relevant platform logs to your SIEM and keep at least 90 days of history so that retrospective hunts remain possible.',
  'Review the accounts and API keys created or modified during the exposure window and reset any credential that cannot be accounted for.',
  'Add published indicators for this activity to blocklists as a short-term measure, while prioritising detections based on behaviour.',
  'Run a tabletop exercise for this scenario with the teams that own the affected platform so that isolation and recovery steps are agreed in advance.',
  'Confirm that backups of the affected systems are recent, offline or immutable, and restorable within the recovery time your business expects.',
  "Subscribe to the vendor's security advisories and track remediation of this issue as a tracked change with an owner and a deadline.",
];

const SCENARIOS: Scenario[] = [
  {
    key: 'edge-exploit',
    weight: 5,
    categories: ['edge'],
    types: [
      ['threat', 6],
      ['advisory', 4],
    ],
    severities: [
      ['critical', 5],
      ['high', 4],
      ['medium', 1],
    ],
    exploited: 0.7,
    poc: 0.5,
    cve: 0.95,
    actor: 0.5,
    actors: ACTORS.espionage,
    tags: [
      'vpn',
      'edge_device',
      'rce',
      'zero_day',
      'authentication_bypass',
      'command_injection',
      'cisa_kev',
      'patch_now',
      'network_device',
      'web_shell',
      'china_nexus',
    ],
    labels: ['edge-device', 'rce', 'initial-access'],
    tools: [
      'a custom ELF implant',
      'a Perl web shell',
      'a modified BusyBox binary',
      'a Python reverse shell',
    ],
    titles: [
      '{P} {CVE} Exploited for Unauthenticated Access',
      'Active Exploitation of {V} {P} Appliances',
      '{A} Targets Internet-Facing {P} Devices',
      'Critical Flaw in {P} Lets Remote Attackers Run Commands',
    ],
    summaries: [
      'Attackers are exploiting {CVE} in {V} {P} to run commands on exposed appliances without authentication and to plant persistent access.',
      'A vulnerability in the management interface of {P} is being used to gain a foothold on perimeter devices and move into internal networks.',
      'Exploitation of {P} appliances has been observed in the wild; unpatched devices exposed to the internet should be considered at risk of compromise.',
    ],
    overviews: [
      '{V} has disclosed {CVE}, a flaw in the web management component of {P} that allows an unauthenticated remote attacker to execute commands with the privileges of the appliance. Exploitation was observed before a fix was available, and follow-on activity shows operators using the compromised device as a pivot into the internal network.',
      'Perimeter appliances such as {P} sit in a privileged position: they terminate remote access, hold credentials for directory services and are rarely covered by endpoint security tooling. {A} has been exploiting {CVE} to take over these devices, harvest the secrets stored on them and establish persistence that survives routine reboots.',
      'Over the past weeks we have tracked a rise in scanning for the vulnerable endpoint of {P}, followed by targeted exploitation of a subset of the responsive hosts. The activity is consistent with an operator that first builds an inventory of exposed devices and then selects victims by sector.',
    ],
    steps: [
      s(
        'The attacker scans internet-facing address ranges for the {P} management interface, fingerprinting the build from the login page and static assets{T:T1595.002}.',
        'T1595.002',
      ),
      s(
        'A crafted HTTP request to `{PATH}` triggers {CVE} and bypasses authentication on the appliance{T:T1190}.',
        'T1190',
      ),
      s(
        'The attacker executes shell commands as the web service user, using `curl` to download a second-stage script from `{DOM}`{T:T1059.004}.',
        'T1059.004',
        'T1105',
      ),
      s(
        'A web shell is written into a directory served by the management interface, giving the operator a persistent command channel that blends with administrative traffic{T:T1505.003}.',
        'T1505.003',
      ),
      s(
        'The operator dumps the configuration, including cached credentials for the directory service and the local administrator hash{T:T1552.001}.',
        'T1552.001',
      ),
      s(
        'Logs on the appliance are truncated and the integrity checker is patched so that the modified files are not reported{T:T1070}.',
        'T1070',
        'T1601.001',
      ),
      s(
        'Using the harvested service account, the attacker authenticates to internal systems over **SMB** and **RDP**{T:T1078.002}.',
        'T1078.002',
        'T1021.001',
      ),
      s(
        "A SOCKS proxy is started on the appliance to tunnel further activity from the attacker's infrastructure into the internal network{T:T1090}.",
        'T1090',
        'T1572',
      ),
      s(
        'Directory data is collected with `ldapsearch` and staged on the appliance for retrieval over the existing HTTPS channel{T:T1087.002}.',
        'T1087.002',
        'T1041',
      ),
    ],
    impacts: [
      'Successful exploitation gives an unauthenticated attacker full control of the appliance and, through the credentials stored on it, a path into the internal network. Because the device brokers remote access, the attacker can also observe or tamper with user sessions. Recovery typically requires rebuilding the appliance from a known-good image and rotating every secret it held.',
      'A compromised perimeter device undermines the trust placed in it by every connected system. Victims have faced data theft from internal file shares, persistence that survived firmware upgrades, and in several cases a second intrusion months later through credentials that were never rotated.',
      'The impact extends beyond the device itself. Operators have used compromised appliances as staging points for espionage, for relaying attacks against third parties and as a foothold for ransomware affiliates who purchased the access.',
    ],
    recommendations: [
      'Apply the fixed release of {P} published by {V} and verify the running build after the upgrade.',
      'Remove the management interface of {P} from the internet, or restrict it to a small allow-list of administrative addresses.',
      "Run the vendor's integrity check tool and compare the file system against a known-good image before trusting a patched device.",
      'Rotate every credential stored on or passing through the appliance, including directory service accounts and VPN user passwords.',
      'Hunt for unexpected files under the web root of the appliance and for outbound connections from the device to unfamiliar hosts.',
      'Forward appliance logs to a central collector so that local log tampering does not erase the evidence.',
      'Treat a confirmed compromise as an incident affecting the internal network, not only the device.',
    ],
    detections: [
      'Alert on requests to the vulnerable endpoint that carry unusual parameters, and on the appliance initiating outbound connections to hosts outside its normal update and telemetry destinations.',
      'The most reliable signal is a new process spawned by the web service of the appliance, in particular shells and download utilities, which never occur during normal administration.',
    ],
    queries: [
      {
        lang: 'yaml',
        code: "title: Suspicious request to {P} management endpoint\nlogsource:\n  category: proxy\ndetection:\n  selection:\n    cs-uri-stem|contains: '{PATH}'\n    cs-method: 'POST'\n  condition: selection\nlevel: high",
      },
      {
        lang: 'sql',
        code: "SELECT src_ip, uri, COUNT(*) AS hits\nFROM web_logs\nWHERE uri LIKE '%{PATH}%'\n  AND status IN (200, 302)\nGROUP BY src_ip, uri\nORDER BY hits DESC;",
      },
    ],
  },
  {
    key: 'web-app-exploit',
    weight: 4,
    categories: ['app', 'mail', 'collab', 'filetransfer', 'rmm', 'devtools', 'backup'],
    types: [
      ['threat', 5],
      ['advisory', 5],
    ],
    severities: [
      ['critical', 4],
      ['high', 5],
      ['medium', 2],
    ],
    exploited: 0.55,
    poc: 0.6,
    cve: 0.95,
    actor: 0.35,
    actors: [...ACTORS.extortion, ...ACTORS.ransomware.slice(0, 4), 'APT41'],
    tags: [
      'rce',
      'deserialization',
      'sql_injection',
      'path_traversal',
      'ssrf',
      'web_shell',
      'data_theft',
      'file_transfer',
      'patch_now',
      'cisa_kev',
      'java',
      'php',
      'dotnet',
    ],
    labels: ['web-vulnerability', 'rce'],
    tools: [
      'a .NET web shell',
      'a JSP web shell',
      'Cobalt Strike',
      'Sliver',
      'a PowerShell downloader',
    ],
    titles: [
      '{P} {CVE} Under Active Exploitation',
      'Remote Code Execution in {V} {P}',
      'Mass Exploitation of {P} Leads to Data Theft',
      '{P} Vulnerability Chained for Pre-Auth Code Execution',
    ],
    summaries: [
      'A flaw in {V} {P} ({CVE}) allows remote code execution on exposed servers; exploitation for data theft has been reported.',
      'Attackers are chaining weaknesses in {P} to execute code before authentication, drop web shells and exfiltrate stored data.',
      '{CVE} in {P} is being exploited at scale. Servers reachable from the internet should be patched and checked for web shells.',
    ],
    overviews: [
      "{CVE} is a vulnerability in {V} {P} that lets a remote attacker reach code paths normally protected by authentication. Public analysis shows that the issue can be chained with a second weakness to achieve code execution as the application's service account, and exploitation attempts started within days of the advisory.",
      '{A} has been linked to a campaign that exploits {P} to steal the data the application manages. The operators automate the initial exploitation across many targets and then return to the most valuable victims for hands-on collection and extortion.',
      'Server applications like {P} combine broad network exposure with access to sensitive business data. The flaw tracked as {CVE} is being used to plant web shells that persist after patching, so remediation must include a compromise assessment.',
      'Self-hosted deployments of {V} {P} are being probed for a weakness in request handling that leads to code execution on the server. Scanning picked up quickly after details were shared publicly, and a first wave of compromises followed within days.',
    ],
    steps: [
      s(
        'The attacker identifies exposed {P} instances through search engines for internet-connected devices and banner grabbing{T:T1596}.',
        'T1596',
      ),
      s(
        'A crafted request to `{PATH}` exploits {CVE}, reaching an unauthenticated code path in the application{T:T1190}.',
        'T1190',
      ),
      s(
        "The application deserialises the attacker's payload and spawns `cmd.exe /c whoami` under the service account to confirm execution{T:T1059.003}.",
        'T1059.003',
        'T1033',
      ),
      s(
        'A web shell named to resemble a legitimate application file is written to the web root{T:T1505.003}.',
        'T1505.003',
        'T1036',
      ),
      s(
        'The attacker queries the application database for stored files, user lists and connection strings{T:T1005}.',
        'T1005',
        'T1213',
      ),
      s(
        'Data is compressed with `7z` into password-protected archives in a temporary directory{T:T1560.001}.',
        'T1560.001',
        'T1074',
      ),
      s(
        'Archives are exfiltrated over HTTPS to attacker-controlled infrastructure at `{DOM}`{T:T1041}.',
        'T1041',
      ),
      s(
        'The web shell and archives are deleted, and the application logs for the relevant hours are cleared{T:T1070.004}.',
        'T1070.004',
      ),
    ],
    impacts: [
      'Exploitation exposes everything the application stores or brokers, which for this product class often includes regulated personal data and files exchanged with partners. Extortion without encryption has been the most common outcome reported so far.',
      "Code execution on the server gives the attacker the privileges of the application's service account, which is frequently over-privileged in the domain. This turns a single vulnerable server into a starting point for a wider intrusion.",
      'Because web shells survive patching, organisations that upgraded without checking for compromise may still be exposed. Several victims learned of the breach only through an extortion message weeks later.',
    ],
    recommendations: [
      'Upgrade {P} to the fixed version listed in the {V} advisory without waiting for the next maintenance window.',
      'Search the web root and temporary directories of {P} for files created since the advisory date, and compare them with a clean installation.',
      'Restrict network access to {P} to the users and partners that need it, ideally behind a VPN or an authenticating reverse proxy.',
      "Review the application's audit log for bulk downloads and for administrative actions from unfamiliar addresses.",
      'Run the application service under a dedicated account with the minimum privileges it needs, and remove any domain administrator rights.',
      'Block outbound internet access from the server except to the destinations the application requires.',
    ],
    detections: [
      "Process creation events where the application's worker process is the parent of a command interpreter are a high-fidelity indicator of exploitation on this product class.",
      'Web server logs showing requests to the vulnerable path followed by requests to a newly created file in the web root are a strong sign that a web shell has been planted.',
    ],
    queries: [
      {
        lang: 'kql',
        code: 'DeviceProcessEvents\n| where InitiatingProcessFileName in~ ("w3wp.exe", "java.exe", "tomcat9.exe")\n| where FileName in~ ("cmd.exe", "powershell.exe", "whoami.exe")\n| project Timestamp, DeviceName, InitiatingProcessFileName, ProcessCommandLine',
      },
      {
        lang: 'yaml',
        code: "title: Web server process spawning a shell\nlogsource:\n  category: process_creation\n  product: windows\ndetection:\n  parent:\n    ParentImage|endswith:\n      - '\\w3wp.exe'\n      - '\\java.exe'\n  child:\n    Image|endswith:\n      - '\\cmd.exe'\n      - '\\powershell.exe'\n  condition: parent and child\nlevel: high",
      },
    ],
  },
  {
    key: 'ransomware',
    weight: 4,
    categories: ['edge', 'backup', 'hypervisor', 'rmm', 'app', 'collab', 'filetransfer'],
    types: [
      ['threat', 9],
      ['advisory', 1],
    ],
    severities: [
      ['critical', 5],
      ['high', 5],
    ],
    exploited: 0.8,
    poc: 0.2,
    cve: 0.5,
    actor: 0.75,
    actors: ACTORS.ransomware,
    tags: [
      'ransomware',
      'extortion',
      'data_theft',
      'rclone',
      'cobalt_strike',
      'remote_access',
      'backup',
      'living_off_the_land',
      'rmm',
      'windows',
      'esxi',
    ],
    labels: ['ransomware', 'extortion'],
    tools: ['Cobalt Strike', 'AnyDesk', 'Rclone', 'Mimikatz', 'SystemBC', 'Impacket'],
    titles: [
      '{A} Ransomware Campaign Abuses {P} for Initial Access',
      'Ransomware Affiliates Exploit {P} Before Encrypting Networks',
      'Double Extortion Intrusions Traced to Exposed {P}',
    ],
    summaries: [
      '{A} affiliates are gaining access through {P}, stealing data with Rclone and deploying ransomware within days.',
      'Ransomware operators use {P} as an entry point, disable backups and security tools, then encrypt file servers and hypervisors.',
      'A series of ransomware intrusions began with {P}; the operators combine data theft with encryption to pressure victims.',
    ],
    overviews: [
      'Incident responders have linked a series of ransomware intrusions to {A}. In each case the first foothold came through {V} {P}, either through {CVE} or through valid credentials bought from an access broker. The time from initial access to encryption ranged from under two days to about a week.',
      'The operators behind this activity run a double-extortion playbook: they copy as much data as they can before encrypting, then threaten publication on their leak site. {P} is a recurring entry point because it is exposed to the internet and often managed outside the normal patch cycle.',
      'This brief covers the intrusion pattern rather than a single incident. The tools vary between affiliates, but the sequence is stable: access through {P}, credential theft, discovery with built-in utilities, removal of recovery options and finally encryption.',
    ],
    steps: [
      s(
        'Initial access is obtained through {P}, using {CVE} or credentials sold by an initial access broker{T:T1190}.',
        'T1190',
        'T1078',
      ),
      s(
        'The operator installs a remote management tool such as **AnyDesk** to keep access independent of the original entry point{T:T1219}.',
        'T1219',
      ),
      s(
        'Credentials are dumped from LSASS memory using `rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump`{T:T1003.001}.',
        'T1003.001',
        'T1218.011',
      ),
      s(
        'Network and domain discovery is carried out with `nltest /domain_trusts`, `net group "Domain Admins" /domain` and an IP scanner{T:T1482}.',
        'T1482',
        'T1069.002',
        'T1046',
      ),
      s(
        'The attacker moves laterally with RDP and PsExec using a compromised domain administrator account{T:T1021.001}.',
        'T1021.001',
        'T1021.002',
        'T1569.002',
      ),
      s(
        'Security tools are disabled through a vulnerable signed driver and group policy changes{T:T1562.001}.',
        'T1562.001',
        'T1484.001',
      ),
      s(
        'Data from file shares is copied to cloud storage with `rclone copy` using a renamed binary{T:T1567.002}.',
        'T1567.002',
        'T1039',
      ),
      s(
        'Shadow copies and backup jobs are deleted with `vssadmin delete shadows /all /quiet` and the backup console{T:T1490}.',
        'T1490',
      ),
      s(
        'The ransomware binary is pushed to hosts through a scheduled task and encrypts local and network drives{T:T1486}.',
        'T1486',
        'T1053.005',
      ),
    ],
    impacts: [
      'Victims face encrypted servers and workstations, deleted backups and the publication of stolen data if they refuse to pay. Recovery times of several weeks are common when backups were reachable from the compromised domain.',
      'Beyond the direct cost of recovery, the theft of personal and commercial data triggers notification duties and can expose partners and customers to follow-on fraud.',
      'Encryption of the virtualisation layer takes down every workload on the affected hosts at once, which turns a security incident into a complete outage of business operations.',
    ],
    recommendations: [
      'Patch or isolate {P} immediately and review its access logs for the past 90 days.',
      'Require phishing-resistant multi-factor authentication for all remote access and for every administrative account.',
      'Keep at least one copy of backups offline or immutable, and protect the backup console with separate credentials.',
      'Block or alert on remote management tools that are not approved for use in your environment.',
      'Alert on `vssadmin`, `wbadmin` and `bcdedit` commands that delete or disable recovery options.',
      'Segment file servers and hypervisor management networks from user workstations.',
      'Monitor for large outbound transfers to cloud storage providers that your organisation does not use.',
    ],
    detections: [
      'The removal of recovery options is a late but very reliable signal: few legitimate tasks delete all shadow copies at once, and an alert at this stage can still prevent encryption of the remaining hosts.',
      'Hunt for renamed copies of Rclone by their command-line arguments (`copy`, `--config`, `--transfers`) rather than by file name.',
    ],
    queries: [
      {
        lang: 'yaml',
        code: "title: Shadow copy deletion\nlogsource:\n  category: process_creation\n  product: windows\ndetection:\n  selection:\n    Image|endswith: '\\vssadmin.exe'\n    CommandLine|contains|all:\n      - 'delete'\n      - 'shadows'\n  condition: selection\nlevel: critical",
      },
      {
        lang: 'spl',
        code: 'index=edr process_name=* (process="*rclone*" OR process="* copy * --config*")\n| stats count by host, user, process',
      },
    ],
  },
  {
    key: 'phishing-loader',
    weight: 3,
    categories: ['os', 'mail', 'saas', 'identity', 'browser'],
    types: [
      ['threat', 9],
      ['advisory', 1],
    ],
    severities: [
      ['high', 5],
      ['medium', 4],
      ['low', 1],
    ],
    exploited: 0.6,
    poc: 0.1,
    cve: 0.2,
    actor: 0.6,
    actors: ACTORS.phishing,
    tags: [
      'phishing',
      'loader',
      'powershell',
      'malvertising',
      'lolbins',
      'windows',
      'credential_theft',
      'espionage',
      'russia_nexus',
      'dprk',
    ],
    labels: ['phishing', 'malware'],
    tools: [
      'a JavaScript dropper',
      'an HTA loader',
      'a signed MSI installer',
      'a DLL side-loading chain',
    ],
    titles: [
      '{A} Phishing Campaign Delivers Loader Through Fake Invoices',
      'Spearphishing Lures Abuse {P} to Deploy Remote Access Malware',
      'Malicious Attachments Target {P} Users With Multi-Stage Loader',
    ],
    summaries: [
      '{A} is sending targeted emails with malicious attachments that launch a PowerShell loader and a remote access implant.',
      'A phishing campaign uses archive attachments and shortcut files to run a multi-stage loader on {P} endpoints.',
      'Targeted phishing emails lead to a loader that abuses built-in Windows binaries before deploying a backdoor.',
    ],
    overviews: [
      'We are tracking a phishing campaign attributed with moderate confidence to {A}. The emails impersonate suppliers and government agencies and carry archives that contain a shortcut file. Opening the shortcut starts a chain of scripts that ends with a remote access implant running in memory.',
      'The campaign relies on user interaction rather than a vulnerability in {P}, which makes it resilient to patching. Its strength is the quality of the lures, which reuse real correspondence stolen from earlier victims to build trust.',
      'Attachments in this campaign are designed to evade mail gateways: the payload is split across several files, encrypted with a per-recipient password and only assembled on the endpoint after the user opens the archive.',
    ],
    steps: [
      s(
        'The victim receives an email with a password-protected ZIP attachment that appears to contain an invoice{T:T1566.001}.',
        'T1566.001',
      ),
      s(
        'The user opens the archive and double-clicks a `.lnk` file disguised with a PDF icon{T:T1204.002}.',
        'T1204.002',
        'T1036',
      ),
      s(
        'The shortcut runs `mshta.exe` against a remote HTA file hosted on `{DOM}`{T:T1218.005}.',
        'T1218.005',
      ),
      s(
        'The HTA launches an obfuscated PowerShell command that downloads the next stage into memory{T:T1059.001}.',
        'T1059.001',
        'T1027',
        'T1105',
      ),
      s(
        'A run key is added under `HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run` to restart the loader at logon{T:T1547.001}.',
        'T1547.001',
      ),
      s(
        'The loader injects the final payload into a legitimate process to hide its activity{T:T1055}.',
        'T1055',
      ),
      s(
        'The implant collects host information and sends it to the command server over HTTPS{T:T1082}.',
        'T1082',
        'T1071.001',
      ),
      s(
        'Saved browser credentials are harvested and uploaded to the same server{T:T1555.003}.',
        'T1555.003',
        'T1041',
      ),
    ],
    impacts: [
      "A single opened attachment gives the operators persistent, interactive access to the user's workstation and everything the user can reach, including mailboxes, file shares and cloud applications.",
      'Stolen correspondence and credentials feed the next wave of phishing, so an infection at one organisation increases the risk for its partners and customers.',
    ],
    recommendations: [
      'Block archive attachments that contain shortcut, script or HTA files at the mail gateway.',
      'Use attack surface reduction rules to stop Office applications and script hosts from launching child processes.',
      'Restrict `mshta.exe` and `wscript.exe` with application control where they are not needed.',
      'Enable PowerShell script block logging and forward the events to your SIEM.',
      'Train users to report unexpected password-protected attachments, even from known senders.',
      'Reset credentials of users whose workstations ran the loader, including any passwords saved in browsers.',
    ],
    detections: [
      'Parent-child chains from `explorer.exe` to `mshta.exe` to `powershell.exe` within a few seconds are rare in normal use and characteristic of this loader.',
    ],
    queries: [
      {
        lang: 'kql',
        code: 'DeviceProcessEvents\n| where InitiatingProcessFileName =~ "mshta.exe"\n| where FileName =~ "powershell.exe"\n| project Timestamp, DeviceName, AccountName, ProcessCommandLine',
      },
    ],
  },
  {
    key: 'cloud-coverage',
    weight: 4,
    categories: ['cloud', 'saas'],
    types: [
      ['coverage', 7],
      ['advisory', 2],
      ['threat', 1],
    ],
    severities: [
      ['medium', 5],
      ['high', 3],
      ['low', 2],
      ['informational', 1],
    ],
    exploited: 0.15,
    poc: 0.05,
    cve: 0.05,
    actor: 0.2,
    actors: [...ACTORS.identity, 'TeamTNT'],
    tags: [
      'cloud',
      'aws',
      'azure',
      'gcp',
      'cloudtrail',
      'iam',
      's3',
      'data_loss',
      'detection',
      'sigma',
      'threat_hunting',
      'cryptomining',
    ],
    labels: ['cloud', 'detection'],
    tools: ['the AWS CLI', 'Pacu', 'a stolen access key', 'a Python script using the SDK'],
    titles: [
      '{P} {ROLE} Detected via Audit Logs',
      'Suspicious {ROLE} in {P}',
      'Detecting Destructive Actions Against {P}',
      'Unusual {P} API Calls From a New Identity',
    ],
    summaries: [
      'Detection for {P} API calls that change access controls or remove data, which can indicate an attacker with stolen cloud credentials.',
      'Monitoring {V} audit logs for {role} by identities other than the usual administrators helps catch cloud account compromise early.',
      'A detection rule for destructive or permission-changing operations against {P}, with triage guidance.',
    ],
    overviews: [
      'Cloud control planes record every administrative action, but the volume of events makes it easy for a malicious change to go unnoticed. This brief focuses on {V} {P} and the API calls that an attacker with stolen credentials typically makes to widen access, hide activity or destroy data. The rule fires on the operations themselves, whether or not they succeed, because failed attempts are often the first sign of an account being tested.',
      'An identity that suddenly performs a {role} in {P} is worth a look, especially when the calls come from an address or user agent never seen for that identity before. Legitimate automation tends to be repetitive and predictable, while an intruder explores.',
      "This coverage brief describes a detection for {P} built on the provider's audit trail. It complements posture management: posture tools tell you a resource is exposed, this rule tells you someone acted on it.",
    ],
    steps: [
      s(
        'An attacker obtains long-lived access keys from a developer workstation, a public repository or a compromised CI pipeline{T:T1552.001}.',
        'T1552.001',
        'T1078.004',
      ),
      s(
        'The attacker validates the keys with `sts get-caller-identity` and enumerates attached policies{T:T1087.004}.',
        'T1087.004',
        'T1069',
      ),
      s(
        'Resources in {P} are listed to find data stores and compute of interest{T:T1580}.',
        'T1580',
        'T1619',
      ),
      s(
        'Audit logging is weakened by stopping or modifying the trail with `StopLogging` or `PutEventSelectors`{T:T1562.008}.',
        'T1562.008',
      ),
      s(
        'A new access key or login profile is created for an existing user to keep access if the original key is revoked{T:T1098.001}.',
        'T1098.001',
      ),
      s(
        'Objects are copied out of the data store with `GetObject` calls from an unfamiliar address{T:T1530}.',
        'T1530',
      ),
      s(
        'The attacker shares snapshots or copies data to an account under their control{T:T1537}.',
        'T1537',
      ),
      s(
        'The attacker deletes buckets, snapshots or instances to cause disruption or cover their tracks{T:T1485}.',
        'T1485',
      ),
      s(
        'In some cases large instances are launched in unused regions for cryptocurrency mining{T:T1496}.',
        'T1496',
        'T1535',
      ),
    ],
    impacts: [
      'Unauthorised changes to {P} can lead to the loss or exposure of data stored in the account, and to costs from resources launched by the attacker. Where logging is disabled first, the organisation may be unable to reconstruct what was accessed.',
      'The deletion of cloud resources is immediate and, without versioning or backups in a separate account, irreversible. The business impact ranges from a brief outage to permanent data loss.',
    ],
    recommendations: [
      'Deploy the detection rule to your SIEM and route alerts for {P} to the team that owns the cloud account.',
      'Investigate each alert by confirming the identity, source address and user agent with the resource owner.',
      'Replace long-lived access keys with short-lived credentials issued through single sign-on.',
      'Enable versioning and deletion protection on critical data stores, and keep backups in a separate account.',
      'Protect audit logging with a service control policy that denies changes to the trail.',
      'Alert on API calls from regions your organisation does not use.',
    ],
    detections: [
      'The rule matches the relevant event names in the audit trail and excludes the automation roles listed in an allow-list. Expect a small number of true positives from administrators; tune by identity rather than by event.',
    ],
    queries: [
      {
        lang: 'yaml',
        code: 'title: {P} sensitive API call\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  selection:\n    eventName:\n      - DeleteBucket\n      - StopLogging\n      - CreateAccessKey\n      - PutBucketPolicy\n  condition: selection\nlevel: medium',
      },
      {
        lang: 'sql',
        code: "SELECT eventTime, userIdentity.arn, sourceIPAddress, eventName\nFROM cloudtrail_logs\nWHERE eventName IN ('DeleteBucket', 'StopLogging', 'CreateAccessKey')\nORDER BY eventTime DESC;",
      },
    ],
  },
  {
    key: 'identity-abuse',
    weight: 3,
    categories: ['identity', 'saas'],
    types: [
      ['threat', 6],
      ['coverage', 3],
      ['advisory', 1],
    ],
    severities: [
      ['high', 5],
      ['medium', 3],
      ['critical', 2],
    ],
    exploited: 0.6,
    poc: 0.1,
    cve: 0.1,
    actor: 0.65,
    actors: ACTORS.identity,
    tags: [
      'identity',
      'mfa',
      'oauth',
      'okta',
      'entra_id',
      'm365',
      'saas',
      'session_hijacking',
      'vishing',
      'help_desk',
      'password_spraying',
      'data_theft',
    ],
    labels: ['identity', 'account-compromise'],
    tools: [
      'Evilginx',
      'a residential proxy network',
      'a malicious OAuth application',
      'AADInternals',
    ],
    titles: [
      '{A} Abuses Help Desk Resets to Take Over {P} Accounts',
      'MFA Fatigue and Session Theft Against {P} Tenants',
      'Password Spraying Against {P} From Residential Proxies',
      'Malicious OAuth Consent Grants in {P}',
    ],
    summaries: [
      '{A} is calling help desks to reset MFA for privileged users, then using {P} access to reach SaaS data and cloud consoles.',
      'Attackers combine password spraying, push bombing and stolen session cookies to take over {P} accounts.',
      'Suspicious consent grants and token use in {P} point to an attacker persisting through an OAuth application.',
    ],
    overviews: [
      'Identity providers have become the front door for many intrusions. {A} targets {P} because a single compromised administrator gives access to every application behind single sign-on. The initial contact is often a phone call to the help desk rather than a technical exploit.',
      'This brief describes a pattern of account takeovers against {V} {P}: low-and-slow password spraying from residential proxy addresses, followed by repeated MFA push prompts until a user accepts one. Once inside, the attacker registers a new authentication method to keep access.',
      'Session tokens are as valuable as passwords. Adversary-in-the-middle phishing kits capture the session cookie after the user completes MFA, so the attacker never needs to defeat the second factor directly.',
    ],
    steps: [
      s(
        'The attacker researches employees and help desk procedures through professional networking sites{T:T1589.002}.',
        'T1589.002',
        'T1591',
      ),
      s(
        'Posing as an employee, the attacker calls the help desk and asks for an MFA reset{T:T1566.004}.',
        'T1566.004',
      ),
      s(
        'Alternatively, passwords are sprayed against the {P} sign-in endpoint from rotating residential addresses{T:T1110.003}.',
        'T1110.003',
        'T1090.003',
      ),
      s('Repeated push notifications are sent until the user approves one{T:T1621}.', 'T1621'),
      s(
        "A phishing proxy captures the session cookie after MFA and replays it from the attacker's browser{T:T1539}.",
        'T1539',
        'T1557',
      ),
      s(
        'The attacker registers a new MFA device on the account to keep access{T:T1556.006}.',
        'T1556.006',
        'T1098',
      ),
      s(
        'Using the compromised identity, the attacker signs in to connected SaaS applications and the cloud console{T:T1078.004}.',
        'T1078.004',
        'T1021.007',
      ),
      s(
        'Data is exported from document stores and CRM systems through their APIs{T:T1213}.',
        'T1213',
        'T1567',
      ),
      s(
        'Mailbox rules are created to hide security notifications from the real user{T:T1114.003}.',
        'T1114.003',
        'T1564',
      ),
    ],
    impacts: [
      'A compromised identity provider account exposes every application connected through single sign-on. Attackers have used this access to steal customer data from SaaS platforms and to pivot into cloud infrastructure.',
      'Because the attacker uses valid sessions, the activity blends with normal use, and victims often discover it only when data appears on a leak site or an extortion email arrives.',
    ],
    recommendations: [
      'Require phishing-resistant MFA (FIDO2 security keys or passkeys) for administrators of {P}.',
      'Require the help desk to verify identity through a callback or a manager before resetting MFA.',
      'Alert on new MFA device registrations, especially shortly after a password reset.',
      'Bind sessions to devices where {P} supports it and shorten session lifetimes for privileged roles.',
      'Review OAuth applications with broad permissions and remove those without a known owner.',
      'Block sign-ins from anonymising proxies and hosting providers for interactive users.',
    ],
    detections: [
      'A password reset or MFA reset followed within an hour by a sign-in from a new device and a new country is a strong indicator of help desk social engineering.',
    ],
    queries: [
      {
        lang: 'kql',
        code: 'SigninLogs\n| where ResultType == 0\n| summarize Countries = dcount(LocationDetails.countryOrRegion) by UserPrincipalName, bin(TimeGenerated, 1h)\n| where Countries > 1',
      },
    ],
  },
  {
    key: 'supply-chain',
    weight: 2,
    categories: ['devtools', 'app', 'cloud'],
    types: [
      ['threat', 7],
      ['advisory', 3],
    ],
    severities: [
      ['high', 5],
      ['critical', 3],
      ['medium', 2],
    ],
    exploited: 0.7,
    poc: 0.15,
    cve: 0.35,
    actor: 0.35,
    actors: ACTORS.supply,
    tags: [
      'supply_chain',
      'npm',
      'pypi',
      'github',
      'ci_cd',
      'credential_theft',
      'infostealer',
      'linux',
    ],
    labels: ['supply-chain', 'malware'],
    tools: [
      'a malicious postinstall script',
      'a typosquatted package',
      'a poisoned GitHub Action',
      'a trojanised build plugin',
    ],
    titles: [
      'Compromised Packages Target {P} Pipelines',
      'Poisoned Build Dependency Steals {P} Secrets',
      'Software Supply Chain Attack Against {P} Users',
    ],
    summaries: [
      'Malicious package versions run code during installation to steal tokens and cloud credentials from {P} build environments.',
      'A compromised dependency used in {P} pipelines exfiltrates secrets and plants persistence on build agents.',
      'Attackers published trojanised packages that target developers and CI systems connected to {P}.',
    ],
    overviews: [
      'Build systems such as {P} hold the keys to production: deployment tokens, signing keys and cloud credentials. A compromised dependency runs with all of that access the next time a pipeline installs it, and the malicious version can reach thousands of projects within hours.',
      'This incident started with the takeover of a maintainer account. The attacker published new versions of several widely used packages with a small addition that runs during installation and sends environment variables to a remote server.',
    ],
    steps: [
      s(
        'The attacker takes over a maintainer account with a phished token or registers a look-alike package name{T:T1195.001}.',
        'T1195.001',
        'T1586',
      ),
      s(
        'A new package version is published with a `postinstall` script that runs on installation{T:T1195.002}.',
        'T1195.002',
      ),
      s(
        'When a pipeline in {P} installs the package, the script runs `node` or `python` code on the build agent{T:T1059.007}.',
        'T1059.007',
        'T1059.006',
      ),
      s(
        'The script reads environment variables and configuration files for tokens and cloud keys{T:T1552.001}.',
        'T1552.001',
      ),
      s(
        'Collected secrets are encoded and sent to `{DOM}` or to a public paste or webhook service{T:T1567}.',
        'T1567',
        'T1132',
      ),
      s(
        'On developer machines, the payload adds a shell profile entry to run at every login{T:T1546}.',
        'T1546',
      ),
      s(
        'Stolen tokens are used to publish further malicious versions of other packages the victim maintains{T:T1078}.',
        'T1078',
        'T1608.001',
      ),
    ],
    impacts: [
      'Every secret available to an affected pipeline must be treated as exposed. Attackers have used such secrets to push malicious code to production, access cloud accounts and spread the compromise to other packages.',
      'The blast radius is hard to measure because the malicious version may have been installed by transient build agents that no longer exist.',
    ],
    recommendations: [
      'Identify builds that installed the affected versions and rotate every secret those pipelines could read.',
      'Pin dependencies to exact versions and hashes, and review lockfile changes in code review.',
      'Disable installation scripts in CI where the build does not need them.',
      'Give pipelines short-lived, narrowly scoped credentials instead of long-lived tokens.',
      'Restrict outbound network access from build agents to the registries and services they need.',
    ],
    detections: [
      'Build agents rarely connect to paste sites, webhook services or newly registered domains; outbound connections of that kind during a dependency install step deserve an alert.',
    ],
    queries: [
      {
        lang: 'yaml',
        code: "title: Package install script contacting the internet\nlogsource:\n  category: network_connection\n  product: linux\ndetection:\n  selection:\n    Image|endswith:\n      - '/node'\n      - '/python3'\n    ParentCommandLine|contains: 'install'\n  condition: selection\nlevel: medium",
      },
    ],
  },
  {
    key: 'hypervisor',
    weight: 2,
    categories: ['hypervisor'],
    types: [
      ['threat', 7],
      ['advisory', 3],
    ],
    severities: [
      ['critical', 5],
      ['high', 4],
    ],
    exploited: 0.75,
    poc: 0.3,
    cve: 0.6,
    actor: 0.6,
    actors: ['Scattered Spider', 'Akira', 'Black Basta', 'UNC3886', 'RansomHub'],
    tags: [
      'esxi',
      'hypervisor',
      'ransomware',
      'linux',
      'persistence_mechanism',
      'authentication_bypass',
    ],
    labels: ['hypervisor', 'ransomware'],
    tools: ['a Linux ransomware build for ESXi', 'a VIB-based backdoor', 'a Python SOCKS tunnel'],
    titles: [
      '{A} Targets {P} Hosts for Mass Encryption',
      'Attackers Abuse {P} Management to Encrypt Virtual Machines',
      '{P} {CVE} Enables Takeover of Virtualisation Hosts',
    ],
    summaries: [
      'Attackers gain administrative access to {P} and encrypt virtual machine disks, taking down every workload at once.',
      '{A} is targeting {V} {P} with stolen credentials and {CVE} to deploy ransomware directly on the hypervisor.',
    ],
    overviews: [
      'Hypervisors such as {V} {P} are attractive targets: encrypting the datastore takes every virtual machine offline in minutes, and the hosts rarely run endpoint detection. {A} has been observed moving from the Windows domain to the virtualisation layer once it holds administrative credentials.',
      '{CVE} affects {P} deployments joined to a directory domain and lets a user with sufficient domain permissions obtain administrative access to the host. Ransomware operators have used the issue to reach hypervisors from a compromised domain.',
      'Once an intruder holds administrative credentials in the Windows domain, the virtualisation layer is often one step away. In the intrusions summarised here the operators went straight for the {P} management plane, because a single action there affects every hosted workload.',
    ],
    steps: [
      s(
        'The attacker obtains domain credentials with rights to the virtualisation management plane{T:T1078.002}.',
        'T1078.002',
      ),
      s(
        'SSH is enabled on the {P} hosts through the management interface{T:T1021.004}.',
        'T1021.004',
      ),
      s(
        'Running virtual machines are listed with `esxcli vm process list`{T:T1082}.',
        'T1082',
        'T1059.004',
      ),
      s(
        'Virtual machines are powered off with `esxcli vm process kill` to release the disk locks{T:T1489}.',
        'T1489',
      ),
      s(
        'The encryptor is uploaded over SCP and run against the datastore volumes{T:T1486}.',
        'T1486',
        'T1105',
      ),
      s(
        'Syslog forwarding is disabled and the shell history is cleared{T:T1070}.',
        'T1070',
        'T1562',
      ),
      s(
        'A backdoor is installed as a vSphere Installation Bundle so that it survives reboots{T:T1505}.',
        'T1505',
      ),
    ],
    impacts: [
      'Encryption at the hypervisor level takes down all hosted workloads simultaneously, including domain controllers and backup servers if they run on the same cluster.',
      'Recovery depends on backups stored outside the virtualisation platform; organisations that kept backup appliances on the same cluster have faced full rebuilds.',
    ],
    recommendations: [
      'Apply the {V} fix for {P} and remove hypervisors from the directory domain where it is not required.',
      'Keep SSH and the local shell disabled on hypervisors and alert whenever they are enabled.',
      'Place hypervisor management interfaces on a dedicated network reachable only from administrative jump hosts.',
      'Forward hypervisor logs to a central collector and alert on mass virtual machine power-off events.',
      'Store backups of critical virtual machines outside the virtualisation cluster and test restores.',
    ],
    detections: [
      'Enabling SSH on several hosts within a short period, followed by virtual machines being powered off, is a reliable precursor to hypervisor encryption.',
    ],
    queries: [
      {
        lang: 'spl',
        code: 'index=vmware sourcetype=vmware:esxlog ("SSH access has been enabled" OR "Power off")\n| stats count by host, _time',
      },
    ],
  },
  {
    key: 'infostealer',
    weight: 2,
    categories: ['os', 'browser', 'saas'],
    types: [
      ['threat', 8],
      ['coverage', 2],
    ],
    severities: [
      ['high', 4],
      ['medium', 5],
      ['low', 1],
    ],
    exploited: 0.5,
    poc: 0.05,
    cve: 0.1,
    actor: 0.3,
    actors: ACTORS.crime,
    tags: [
      'infostealer',
      'clickfix',
      'malvertising',
      'browser',
      'credential_theft',
      'macos',
      'windows',
      'session_hijacking',
    ],
    labels: ['malware', 'infostealer'],
    tools: ['Lumma Stealer', 'Atomic macOS Stealer', 'Vidar', 'a fake CAPTCHA page'],
    titles: [
      'Fake CAPTCHA Pages Trick Users Into Running Infostealers',
      'Malvertising Campaign Delivers Stealer to {P} Users',
      'Clipboard Commands Used to Install Credential Stealers',
    ],
    summaries: [
      'Fake verification pages instruct users to paste a command into the Run dialog, installing an infostealer that harvests browser data.',
      'Malicious ads for popular software lead {P} users to installers that steal saved passwords and session cookies.',
    ],
    overviews: [
      'The "ClickFix" technique has become a favourite delivery method for infostealers. A compromised or malicious website shows a fake CAPTCHA or error message and copies a command to the clipboard; the page then tells the user to press Win+R, paste and press Enter. No exploit is needed and most browser protections are bypassed.',
      'Infostealers such as the one described here collect browser passwords, cookies, cryptocurrency wallets and documents within seconds of running, then delete themselves. The stolen sessions are sold in bulk and later used for account takeovers.',
    ],
    steps: [
      s(
        'The user visits a compromised site or clicks a sponsored search result{T:T1189}.',
        'T1189',
      ),
      s(
        'A fake CAPTCHA copies a PowerShell command to the clipboard and asks the user to run it{T:T1204.004}.',
        'T1204.004',
      ),
      s(
        'The command runs `powershell -w hidden` to download a script from `{DOM}`{T:T1059.001}.',
        'T1059.001',
        'T1105',
      ),
      s(
        'The payload is decrypted in memory and loaded without touching disk{T:T1620}.',
        'T1620',
        'T1140',
      ),
      s(
        'The stealer checks for virtual machines and analysis tools before continuing{T:T1497}.',
        'T1497',
      ),
      s(
        'Browser credential stores and cookie databases are read and decrypted{T:T1555.003}.',
        'T1555.003',
        'T1539',
      ),
      s(
        'The collected data is zipped and sent to the command server in a single HTTPS POST{T:T1041}.',
        'T1041',
        'T1560',
      ),
    ],
    impacts: [
      'Stolen session cookies let attackers bypass passwords and MFA for cloud applications until the sessions expire or are revoked. Corporate credentials harvested from personal devices have been the starting point of several large data breaches.',
    ],
    recommendations: [
      'Disable the Run dialog for standard users through group policy where feasible.',
      'Alert on PowerShell launched from `explorer.exe` with hidden windows and download cradles.',
      'Revoke active sessions and reset passwords for users whose devices ran the stealer.',
      'Block newly registered domains and known malvertising infrastructure at the web proxy.',
      'Educate users that no legitimate website asks them to paste commands into the system.',
    ],
    detections: [
      'The RunMRU registry key records commands typed in the Run dialog; entries containing `powershell` and a URL are a strong indicator of this technique.',
    ],
    queries: [
      {
        lang: 'kql',
        code: 'DeviceRegistryEvents\n| where RegistryKey has @"Explorer\\RunMRU"\n| where RegistryValueData has_any ("powershell", "mshta", "http")',
      },
    ],
  },
  {
    key: 'lotl-espionage',
    weight: 2,
    categories: ['edge', 'os'],
    types: [
      ['threat', 8],
      ['advisory', 2],
    ],
    severities: [
      ['high', 6],
      ['critical', 3],
      ['medium', 1],
    ],
    exploited: 0.8,
    poc: 0.05,
    cve: 0.4,
    actor: 0.85,
    actors: ['Volt Typhoon', 'Salt Typhoon', 'Silk Typhoon', 'APT41', 'Sandworm Team', 'Turla'],
    tags: [
      'espionage',
      'living_off_the_land',
      'china_nexus',
      'proxy_network',
      'network_device',
      'lolbins',
      'credential_theft',
    ],
    labels: ['espionage', 'living-off-the-land'],
    tools: [
      'built-in Windows utilities',
      'a compromised SOHO router',
      'netsh port proxy',
      'ntdsutil',
    ],
    titles: [
      '{A} Uses Living-off-the-Land Techniques After {P} Compromise',
      'Long-Term Espionage Access Through {P} and Built-in Tools',
      '{A} Pre-Positions in Critical Infrastructure Networks',
    ],
    summaries: [
      '{A} relies on built-in administration tools and compromised network devices to keep long-term access while avoiding malware.',
      'After entering through {P}, the operators use only native tools, which makes behavioural detection essential.',
    ],
    overviews: [
      '{A} is known for patience. After gaining access through {P}, the group avoids custom malware and instead uses the administration tools already present on the network. The aim appears to be long-term access rather than immediate data theft.',
      'Government agencies have warned that {A} is pre-positioning in networks that support critical services. The activity uses compromised small-office routers as a proxy layer, so connections appear to come from residential addresses close to the victim.',
      'This activity stands out for what is missing: no custom malware, no noisy tooling, and long pauses between actions. After entering through {P}, the operators rely on built-in administration tools and valid accounts, which leaves behavioural analytics as the main way to find them.',
    ],
    steps: [
      s(
        'Initial access is gained by exploiting {P} on the network perimeter{T:T1190}.',
        'T1190',
        'T1133',
      ),
      s(
        'Traffic is relayed through a network of compromised small-office routers{T:T1090.003}.',
        'T1090.003',
        'T1584.005',
      ),
      s(
        'The operator runs `wmic`, `netsh` and `ipconfig` to map the environment{T:T1047}.',
        'T1047',
        'T1016',
      ),
      s(
        'The Active Directory database is copied with `ntdsutil "ac i ntds" "ifm" "create full c:\\temp"`{T:T1003.003}.',
        'T1003.003',
      ),
      s(
        'A port proxy is configured with `netsh interface portproxy` to reach internal systems{T:T1572}.',
        'T1572',
      ),
      s('Event logs are selectively cleared on domain controllers{T:T1070.001}.', 'T1070.001'),
      s(
        'Operational technology documentation and network diagrams are collected from file shares{T:T1039}.',
        'T1039',
        'T1083',
      ),
    ],
    impacts: [
      'The immediate impact is covert access to sensitive networks; the greater concern is the ability to disrupt critical services during a future crisis. Detection is difficult because no malware is deployed.',
    ],
    recommendations: [
      'Patch and harden perimeter devices, replacing end-of-life models that no longer receive updates.',
      'Baseline the use of administration tools such as `wmic`, `ntdsutil` and `netsh` and alert on unusual use.',
      'Protect domain controllers with tiered administration and monitor for copies of the directory database.',
      'Log and review port proxy configurations on Windows hosts.',
      "Correlate logins from residential address space with the user's usual locations.",
    ],
    detections: [
      'Execution of `ntdsutil` with the `ifm` argument outside of planned maintenance should always be investigated.',
    ],
    queries: [
      {
        lang: 'yaml',
        code: "title: NTDS database copied with ntdsutil\nlogsource:\n  category: process_creation\n  product: windows\ndetection:\n  selection:\n    Image|endswith: '\\ntdsutil.exe'\n    CommandLine|contains: 'ifm'\n  condition: selection\nlevel: high",
      },
    ],
  },
  {
    key: 'privilege-escalation',
    weight: 2,
    categories: ['kernel', 'os'],
    types: [
      ['advisory', 5],
      ['threat', 5],
    ],
    severities: [
      ['high', 7],
      ['critical', 1],
      ['medium', 2],
    ],
    exploited: 0.5,
    poc: 0.55,
    cve: 0.95,
    actor: 0.25,
    actors: [...ACTORS.ransomware.slice(0, 4), 'APT28', 'Sandworm Team'],
    tags: [
      'privilege_escalation_bug',
      'kernel',
      'linux',
      'windows',
      'memory_corruption',
      'patch_now',
      'cisa_kev',
    ],
    labels: ['privilege-escalation', 'vulnerability'],
    tools: ['a public exploit', 'a vulnerable signed driver', 'a kernel exploit binary'],
    titles: [
      '{P} Privilege Escalation Flaw {CVE} Exploited in the Wild',
      'Local Privilege Escalation in {V} {P}',
      'Attackers Chain {P} Bug to Gain Full Control of Hosts',
    ],
    summaries: [
      'A local privilege escalation flaw in {P} ({CVE}) lets an attacker with a foothold gain the highest privileges on the host.',
      'Public exploit code for a {P} privilege escalation bug is being used after initial access to disable defences and dump credentials.',
    ],
    overviews: [
      '{CVE} is a memory-safety bug in {V} {P} that allows a local, unprivileged user to run code with the highest privileges on the system. It does not give initial access on its own, but it turns any foothold -- a phished user, a web shell, a container escape -- into full control of the host.',
      'Privilege escalation flaws in {P} are a staple of post-exploitation. Exploit code for this issue became public shortly after the fix, and we have since seen it bundled into intrusion toolkits used by several crews.',
    ],
    steps: [
      s(
        'The attacker gains a low-privileged foothold on the host through a phishing payload or a vulnerable service{T:T1078.003}.',
        'T1078.003',
      ),
      s(
        'A prebuilt exploit for {CVE} is downloaded to a world-writable directory such as `/tmp` or `C:\\Users\\Public`{T:T1105}.',
        'T1105',
      ),
      s(
        'The exploit triggers the flaw in {P} and spawns a shell with the highest privileges{T:T1068}.',
        'T1068',
      ),
      s(
        'With elevated rights, the attacker stops endpoint protection services{T:T1562.001}.',
        'T1562.001',
      ),
      s('Credential material is dumped from memory and local stores{T:T1003}.', 'T1003'),
      s(
        "A service or cron entry is created to run the attacker's payload with elevated privileges at boot{T:T1543}.",
        'T1543',
        'T1053.003',
      ),
      s(
        'Exploit files are deleted and timestamps of modified files are reset{T:T1070.006}.',
        'T1070.006',
        'T1070.004',
      ),
    ],
    impacts: [
      'On its own the flaw requires local access, but combined with any remote foothold it gives complete control of the host, including the ability to hide activity from security tools and to harvest credentials for lateral movement.',
      'Multi-user systems and container hosts are at particular risk, because any tenant or compromised workload can use the flaw to break out of its intended boundary.',
    ],
    recommendations: [
      'Install the {V} update that fixes {CVE} on all affected {P} systems, prioritising shared and internet-facing hosts.',
      "Where patching must wait, apply the vendor's documented mitigation and restrict interactive access to trusted administrators.",
      'Alert on processes that gain elevated privileges without a corresponding administrative logon.',
      'Enable tamper protection on endpoint security tools so that an elevated process cannot simply stop them.',
      'Hunt for recently created services, scheduled tasks and cron entries on hosts that ran untrusted code.',
    ],
    detections: [
      'A process started by a non-administrative user that suddenly runs with the highest privileges, without an intervening `sudo`, UAC prompt or service start, is the clearest sign of exploitation.',
    ],
    queries: [
      {
        lang: 'yaml',
        code: "title: Privilege change without sudo\nlogsource:\n  product: linux\n  service: auditd\ndetection:\n  selection:\n    type: 'SYSCALL'\n    euid: 0\n  filter:\n    exe|endswith:\n      - '/sudo'\n      - '/su'\n  condition: selection and not filter\nlevel: high",
      },
    ],
  },
  {
    key: 'rumour',
    weight: 1,
    categories: [
      'edge',
      'app',
      'mail',
      'collab',
      'cloud',
      'identity',
      'os',
      'saas',
      'hypervisor',
      'filetransfer',
      'backup',
      'rmm',
      'devtools',
      'browser',
      'kernel',
    ],
    types: [['rumour', 1]],
    severities: [['rumour', 1]],
    exploited: 0.05,
    poc: 0.1,
    cve: 0.15,
    actor: 0.2,
    actors: ['ShinyHunters', 'LAPSUS$', 'Scattered Spider'],
    tags: ['rumour', 'unconfirmed', 'underground_forum', 'exploit_broker', 'zero_day'],
    labels: ['rumour'],
    tools: [],
    titles: [
      'Unverified Zero-Day Claim for {P} on Underground Forum',
      'Rumoured Breach Involving {V} {P} Customers',
      'Seller Advertises Access to {P} Environments',
    ],
    summaries: [
      'Claims about {V} {P} are circulating on criminal forums. They are unverified and the vendor has not confirmed an issue.',
      'Unconfirmed posts allege a working exploit for, or access to, {P} environments; no evidence has been published so far.',
    ],
    overviews: [
      'A seller on a criminal forum is advertising what they describe as a pre-authentication exploit for {V} {P}. The post includes a short video but no technical details, and the seller has no established reputation. We are sharing this as a rumour so that defenders can review exposure; we will update the brief if the claim is confirmed or refuted.',
      'Posts on social media and in private channels make claims about {P}: depending on the source, stolen customer data or working access offered for sale. The samples shared so far could have come from older, unrelated leaks, and {V} has not confirmed an issue.',
    ],
    steps: [
      s(
        'According to the claim, the exploit targets the internet-facing login page of {P}{T:T1190}.',
        'T1190',
      ),
      s('The seller says the exploit yields a shell without authentication{T:T1059}.', 'T1059'),
      s(
        'Screenshots show what appear to be configuration files taken from a device{T:T1005}.',
        'T1005',
      ),
      s('The access is offered for sale to a single buyer{T:T1650}.', 'T1650'),
    ],
    impacts: [
      'If the claim is genuine, exposed {P} deployments could be compromised before a fix exists. If it is not, the main risk is wasted effort; reviewing exposure is worthwhile either way.',
    ],
    recommendations: [
      'Review which {P} interfaces are reachable from the internet and restrict them where possible.',
      'Make sure logs from {P} are collected so that exploitation could be investigated later.',
      'Watch for an official advisory from {V} before taking disruptive action.',
    ],
    detections: [],
    queries: [],
  },
];

const SCENARIO_BY_CATEGORY = new Map<Category, [Scenario, number][]>();
for (const scenario of SCENARIOS) {
  for (const category of scenario.categories) {
    const list = SCENARIO_BY_CATEGORY.get(category) ?? [];
    list.push([scenario, scenario.weight]);
    SCENARIO_BY_CATEGORY.set(category, list);
  }
}

const TECHNIQUE_NAMES = new Map(catalog.techniques.map((t) => [t.id, t.name]));
const TECHNIQUE_TACTICS = new Map(catalog.techniques.map((t) => [t.id, t.tactics]));
for (const scenario of SCENARIOS) {
  for (const step of scenario.steps) {
    for (const id of step.techniques) {
      if (!TECHNIQUE_NAMES.has(id))
        throw new Error(
          `synth-feed: technique ${id} (${scenario.key}) is not in data/attack-catalog.json`,
        );
    }
  }
}

/** The name of an ATT&CK technique from the bundled catalog. */
export function techniqueName(id: string): string | undefined {
  return TECHNIQUE_NAMES.get(id);
}

// ---------------------------------------------------------------------------------------------
// Brief generation

const SEVERITY_CVSS: Record<Severity, [number, number]> = {
  critical: [9.0, 10.0],
  high: [7.0, 8.9],
  medium: [4.0, 6.9],
  low: [0.1, 3.9],
  informational: [0.1, 3.9],
  rumour: [4.0, 9.8],
};
const LOWER_SEVERITY: Partial<Record<Severity, Severity>> = {
  critical: 'high',
  high: 'medium',
  medium: 'low',
  low: 'informational',
};
const WEB_PATHS = [
  '/api/v1/system/diagnostics',
  '/admin/backup/restore',
  '/cgi-bin/portal_login',
  '/remote/session/export',
  '/webui/logon/handler',
  '/api/internal/upload',
  '/servlet/ConfigImport',
  '/ui/api/auth/token',
  '/mgmt/shared/sync',
];
const CLOUD_ROLES = [
  'Bucket Deletion',
  'Access Key Creation',
  'Bucket Policy Change',
  'Logging Disabled',
  'Snapshot Sharing',
  'Privileged Role Assignment',
];
const DOMAIN_WORDS = [
  'cdn',
  'sync',
  'update',
  'cloud',
  'files',
  'secure',
  'auth',
  'portal',
  'static',
  'assets',
  'login',
  'verify',
  'docs',
  'share',
  'relay',
  'mirror',
];
const TLDS = ['net', 'com', 'org', 'info', 'top', 'xyz', 'online', 'site'];
const NO_ACTOR = ['The operators', 'An unattributed cluster', 'The threat actor', 'The attackers'];
const HEADINGS = {
  overview: [['Overview', 1]] as [string, number][],
  attack: [
    ['Attack Chain', 8],
    ['Attack chain', 2],
    ['ATTACK CHAIN', 1],
  ] as [string, number][],
  impact: [
    ['Impact', 8],
    ['Potential Impact', 1],
  ] as [string, number][],
  recommendation: [
    ['Recommendation', 5],
    ['Recommendations', 5],
    ['RECOMMENDATIONS', 1],
    ['recommendations', 1],
  ] as [string, number][],
  detection: [
    ['Detection', 5],
    ['Detection Opportunities', 2],
    ['Detection guidance', 1],
  ] as [string, number][],
  iocs: [
    ['Indicators of Compromise', 6],
    ['Indicators of compromise', 2],
    ['IOCs', 1],
  ] as [string, number][],
  references: [['References', 1]] as [string, number][],
};
const TITLE_STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'for',
  'in',
  'on',
  'to',
  'via',
  'and',
  'with',
  'by',
  'from',
  'before',
  'after',
  'through',
  'against',
  'lets',
  'into',
]);

interface Block {
  kind: 'p' | 'ol' | 'ul' | 'code' | 'table';
  /** Rendered HTML (p), rendered HTML list items (ol/ul), raw code (code), raw rows (table). */
  text?: string;
  items?: string[];
  lang?: string;
  rows?: [string, string][];
  /** Raw HTML/Markdown list items for references (already rendered). */
  links?: { href: string; label: string }[];
}

interface Section {
  heading: string | null;
  blocks: Block[];
}

/** Hugo heading ids: lower case, punctuation dropped, spaces to hyphens. */
function headingId(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-');
}

function renderHtml(sections: Section[]): string {
  // Parts joined once: a flat string, not a deep rope of survivors for the GC to copy.
  const html: string[] = [];
  for (const section of sections) {
    if (section.heading)
      html.push(`<h2 id="${headingId(section.heading)}">${escapeHtml(section.heading)}</h2>\n`);
    for (const block of section.blocks) {
      switch (block.kind) {
        case 'p':
          html.push(`<p>${block.text ?? ''}</p>\n`);
          break;
        case 'ol':
        case 'ul':
          html.push(`<${block.kind}>\n`);
          for (const item of block.items ?? []) html.push(`<li>${item}</li>\n`);
          for (const link of block.links ?? [])
            html.push(
              `<li><a href="${escapeAttr(link.href)}">${escapeHtml(link.label)}</a></li>\n`,
            );
          html.push(`</${block.kind}>\n`);
          break;
        case 'code':
          html.push(
            `<pre tabindex="0"><code class="language-${block.lang}" data-lang="${block.lang}">${escapeCode(block.text ?? '')}\n</code></pre>\n`,
          );
          break;
        case 'table':
          html.push(
            '<table>\n<thead>\n<tr>\n<th>Type</th>\n<th>Indicator</th>\n</tr>\n</thead>\n<tbody>\n',
          );
          for (const [kind, value] of block.rows ?? [])
            html.push(
              `<tr>\n<td>${escapeHtml(kind)}</td>\n<td><code>${escapeCode(value)}</code></td>\n</tr>\n`,
            );
          html.push('</tbody>\n</table>\n');
          break;
      }
    }
  }
  return html.join('');
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  rsquo: "'",
  ldquo: '"',
  rdquo: '"',
  ndash: '--',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#39|[a-z]+);/g, (m, name: string) => ENTITIES[name] ?? m);
}

function inlineToMarkdown(html: string): string {
  return decodeEntities(
    html
      .replace(/<\/?code>/g, '`')
      .replace(/<\/?strong>/g, '**')
      .replace(/<a href="([^"]*)">([^<]*)<\/a>/g, '[$2]($1)'),
  );
}

/**
 * The brief's Markdown, recovered from the HTML this module renders (a small, known subset).
 * Done on demand so that generating 10,000 briefs does not also build 40 MB of Markdown.
 */
export function htmlToMarkdown(html: string): string {
  const out: string[] = [];
  const block =
    /<h2 id="[^"]*">([^<]*)<\/h2>\n|<p>([\s\S]*?)<\/p>\n|<(ol|ul)>\n([\s\S]*?)<\/\3>\n|<pre tabindex="0"><code class="language-([a-z]+)"[^>]*>([\s\S]*?)\n<\/code><\/pre>\n|<table>[\s\S]*?<tbody>\n([\s\S]*?)<\/tbody>\n<\/table>\n/g;
  for (let m = block.exec(html); m; m = block.exec(html)) {
    if (m[1] !== undefined) out.push(`## ${decodeEntities(m[1])}`);
    else if (m[2] !== undefined) out.push(inlineToMarkdown(m[2]));
    else if (m[3] !== undefined) {
      const items = [...(m[4] ?? '').matchAll(/<li>([\s\S]*?)<\/li>/g)].map((li) =>
        inlineToMarkdown(li[1] ?? ''),
      );
      out.push(
        items.map((item, i) => (m?.[3] === 'ol' ? `${i + 1}. ${item}` : `* ${item}`)).join('\n'),
      );
    } else if (m[5] !== undefined)
      out.push('```' + m[5] + '\n' + decodeEntities(m[6] ?? '') + '\n```');
    else if (m[7] !== undefined) {
      const rows = [
        ...m[7].matchAll(/<tr>\n<td>([^<]*)<\/td>\n<td><code>([^<]*)<\/code><\/td>\n<\/tr>/g),
      ];
      out.push(
        [
          '| Type | Indicator |',
          '| --- | --- |',
          ...rows.map(
            (r) => `| ${decodeEntities(r[1] ?? '')} | \`${decodeEntities(r[2] ?? '')}\` |`,
          ),
        ].join('\n'),
      );
    }
  }
  return out.join('\n\n') + '\n';
}

function sizeOf(sections: Section[]): number {
  let n = 0;
  for (const section of sections) {
    n += (section.heading?.length ?? 0) + 30;
    for (const b of section.blocks) {
      n += (b.text?.length ?? 0) + 10;
      for (const item of b.items ?? []) n += item.length + 10;
      for (const l of b.links ?? []) n += l.href.length + l.label.length + 30;
      for (const [k, v] of b.rows ?? []) n += k.length + v.length + 60;
    }
  }
  return n;
}

function capitalise(text: string): string {
  const c = text.charCodeAt(0);
  return c >= 97 && c <= 122 ? String.fromCharCode(c - 32) + text.slice(1) : text;
}

function titleSlug(title: string): string {
  const words = slugify(title)
    .split('-')
    .filter((w) => w && !TITLE_STOP_WORDS.has(w));
  return words.slice(0, 6).join('-');
}

function synthDomain(rng: Rng): string {
  return `${rng.pick(DOMAIN_WORDS)}-${rng.pick(DOMAIN_WORDS)}${rng.int(1, 99)}[.]${rng.pick(TLDS)}`;
}

function synthIp(rng: Rng): string {
  return `${rng.pick(['192.0.2', '198.51.100', '203.0.113'])}.${rng.int(2, 254)}`;
}

function synthVersion(rng: Rng): string {
  const style = rng.int(0, 3);
  if (style === 0) return `< ${rng.int(1, 9)}.${rng.int(0, 12)}.${rng.int(0, 30)}`;
  if (style === 1) return `< ${rng.int(2019, 2026)}.${rng.int(1, 12)}.${rng.int(0, 9)}`;
  if (style === 2)
    return `${rng.int(1, 7)}.${rng.int(0, 4)} - ${rng.int(7, 9)}.${rng.int(0, 4)}.${rng.int(1, 20)}`;
  return `<= ${rng.int(1, 20)}.${rng.int(0, 9)}`;
}

function cvssFor(rng: Rng, severity: Severity): number {
  const [lo, hi] = SEVERITY_CVSS[severity];
  return Math.round((lo + rng.next() * (hi - lo)) * 10) / 10;
}

type TemplatePart = string | { key: string; technique: boolean };
const compiledTemplates = new Map<string, TemplatePart[]>();

/** Templates split once into text and placeholders; filling is then a plain concatenation. */
function compileTemplate(template: string): TemplatePart[] {
  let parts = compiledTemplates.get(template);
  if (parts) return parts;
  parts = [];
  const re = /\{(T:)?([A-Za-z0-9.]+)\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    parts.push({ key: m[2] ?? '', technique: m[1] !== undefined });
    last = m.index + m[0].length;
  }
  if (last < template.length || parts.length === 0) parts.push(template.slice(last));
  compiledTemplates.set(template, parts);
  return parts;
}

const compiledHtml = new Map<string, TemplatePart[]>();

/** A template rendered to HTML once, placeholders kept: filling then only escapes the values. */
function compileHtmlTemplate(template: string): TemplatePart[] {
  let parts = compiledHtml.get(template);
  if (!parts) {
    parts = compileTemplate(inlineToHtml(template));
    compiledHtml.set(template, parts);
  }
  return parts;
}

const inlineCache = new Map<string, string>();

/** inlineToHtml with a bounded memo: most paragraphs repeat across briefs. */
function inlineHtmlCached(text: string): string {
  let html = inlineCache.get(text);
  if (html === undefined) {
    html = inlineToHtml(text);
    if (inlineCache.size > 50_000) inlineCache.clear();
    inlineCache.set(text, html);
  }
  return html;
}

/** Generate `count` briefs, newest first. Same options, same output, byte for byte. */
export function synthFeed(options: SynthOptions): SynthFeed {
  const seed = options.seed ?? 1;
  const rng = new Rng(seed);
  const vocab = buildVocabulary(
    new Rng(seed ^ 0x5eed5eed),
    options.vendors,
    options.products,
    options.tags,
  );
  const origin = (options.origin ?? FEED_ORIGIN).replace(/\/+$/, '');
  const reference = Date.parse(options.referenceDate ?? DEFAULT_REFERENCE_DATE);
  if (Number.isNaN(reference))
    throw new Error(`synth-feed: invalid referenceDate ${options.referenceDate}`);
  const span = (options.spanDays ?? 540) * 86_400_000;
  const idStyle = options.idStyle ?? 'mixed';
  const compact = options.bodySize === 'compact';
  const count = Math.max(0, Math.floor(options.count));
  const realCves = new Map<string, (typeof REAL_CVES)[number][]>();
  for (const cve of REAL_CVES)
    realCves.set(cve.product, [...(realCves.get(cve.product) ?? []), cve]);
  const byVendor = new Map<string, ProductDef[]>();
  for (const p of vocab.products) byVendor.set(p.vendor, [...(byVendor.get(p.vendor) ?? []), p]);

  const items: SynthItem[] = [];
  const meta: SynthBriefMeta[] = [];
  const bySlug = new Map<string, number>();
  const slugs = new Set<string>();

  for (let i = 0; i < count; i++) {
    const publishedMs = reference - ((i + 0.15 + rng.next() * 0.8) * span) / Math.max(count, 1);
    const published = isoSeconds(publishedMs);
    const year = new Date(publishedMs).getUTCFullYear();

    const productIndex =
      i < vocab.products.length
        ? vocab.productOrder[i]
        : vocab.productOrder[vocab.productZipf.pick(rng)];
    const product = vocab.products[productIndex ?? 0] ?? REAL_PRODUCTS[0]!;
    const scenario = rng.weighted(
      SCENARIO_BY_CATEGORY.get(product.category) ?? [[SCENARIOS[1]!, 1]],
    );

    const type = rng.weighted(scenario.types);
    const severity = rng.weighted(scenario.severities);
    const severities: string[] = [severity];
    const lower = LOWER_SEVERITY[severity];
    if (lower && rng.chance(0.08)) severities.push(lower);

    const actor = rng.chance(scenario.actor) ? rng.pick(scenario.actors) : null;

    // CVEs: a real one where the product has well-known CVEs, otherwise invented ids.
    const cves: CsCve[] = [];
    let range: string | null = null;
    if (rng.chance(scenario.cve)) {
      const known = realCves.get(product.name);
      if (known && rng.chance(0.6)) {
        const real = rng.pick(known);
        cves.push({ id: real.id, cvss: real.cvss });
        range = real.range ?? null;
      } else {
        const cve: CsCve = {
          id: `CVE-${rng.chance(0.8) ? year : year - 1}-${rng.int(20000, 59999)}`,
        };
        if (rng.chance(0.85)) cve.cvss = cvssFor(rng, severity);
        cves.push(cve);
      }
      if (rng.chance(0.2)) {
        const extra: CsCve = { id: `CVE-${year}-${rng.int(20000, 59999)}` };
        if (rng.chance(0.7)) extra.cvss = cvssFor(rng, LOWER_SEVERITY[severity] ?? severity);
        if (!cves.some((c) => c.id === extra.id)) cves.push(extra);
      }
    }
    if (!range && cves.length > 0 && rng.chance(0.45)) range = synthVersion(rng);

    const affected: ProductDef[] = [product];
    const siblings = (byVendor.get(product.vendor) ?? []).filter((p) => p !== product);
    if (siblings.length > 0 && rng.chance(0.2)) affected.push(rng.pick(siblings));
    const productStrings = affected.map((p, n) =>
      n === 0 && range ? `${p.name} (${range})` : p.name,
    );
    const vendors = [...new Set(affected.map((p) => p.vendor))];
    const cpes = rng.chance(0.7)
      ? affected.flatMap((p) =>
          p.cpe ? [`cpe:2.3:${p.cpe[0]}:${p.cpe[1]}:${p.cpe[2]}:*:*:*:*:*:*:*:*`] : [],
        )
      : [];

    // Attack chain, techniques and optional technique-id mentions.
    const maxSteps = Math.min(8, scenario.steps.length);
    const steps = rng.sample(scenario.steps, rng.int(Math.min(3, maxSteps), maxSteps));
    const techniques = new Set<string>();
    for (const step of steps)
      step.techniques.forEach((t, n) => (n === 0 || rng.chance(0.35)) && techniques.add(t));
    const mentions = rng.chance(0.35);
    const mentioned = new Set<string>();

    const ctx: Record<string, string> = {
      P: product.name,
      V: product.vendor,
      A: actor ?? rng.pick(NO_ACTOR),
      CVE: cves[0]?.id ?? 'the vulnerability',
      PATH: rng.pick(WEB_PATHS),
      DOM: synthDomain(rng),
      ROLE: rng.pick(CLOUD_ROLES),
      IP: synthIp(rng),
    };
    ctx.role = (ctx.ROLE ?? '').toLowerCase();
    const fillParts = (parts: TemplatePart[], escape: boolean): string => {
      if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
      let out = '';
      for (const part of parts) {
        if (typeof part === 'string') out += part;
        else if (part.technique) {
          if (mentions && rng.chance(0.6)) {
            mentioned.add(part.key);
            out += ` (${part.key})`;
          }
        } else out += escape ? escapeHtml(ctx[part.key] ?? '') : (ctx[part.key] ?? '');
      }
      return out;
    };
    /** Plain text (title, summary). */
    const fill = (template: string): string => fillParts(compileTemplate(template), false);
    /** Body HTML, rendered from the template's inline markup. */
    const fillHtml = (template: string): string =>
      capitalise(fillParts(compileHtmlTemplate(template), true));

    const titleChoices = scenario.titles.filter(
      (t) => (actor || !t.includes('{A}')) && (cves.length > 0 || !t.includes('{CVE}')),
    );
    const title = capitalise(
      fill(rng.pick(titleChoices.length > 0 ? titleChoices : scenario.titles)),
    );
    const summaryChoices = scenario.summaries.filter((t) => actor || !t.includes('{A}'));
    const summary = capitalise(
      fill(rng.pick(summaryChoices.length > 0 ? summaryChoices : scenario.summaries)),
    );

    // Overviews that name the actor or the CVE only when there is one.
    const fits = scenario.overviews.filter(
      (o) => (actor || !o.includes('{A}')) && (cves.length > 0 || !o.includes('{CVE}')),
    );
    const overviews = fits.length > 0 ? fits : scenario.overviews;
    const overviewIndex = rng.int(0, overviews.length - 1);
    const overview: Block[] = [{ kind: 'p', text: fillHtml(overviews[overviewIndex] ?? '') }];
    const context = rng.shuffle(GENERIC_CONTEXT);
    let contextIndex = 0;
    if (rng.chance(compact ? 0.3 : 0.8))
      overview.push({ kind: 'p', text: inlineHtmlCached(context[contextIndex++] ?? '') });
    if (overviews.length > 1 && rng.chance(compact ? 0.1 : 0.35)) {
      overview.push({
        kind: 'p',
        text: fillHtml(overviews[(overviewIndex + 1) % overviews.length] ?? ''),
      });
    }
    if (scenario.tools.length > 1 && rng.chance(compact ? 0.15 : 0.4)) {
      const [first, second] = rng.sample(rng.shuffle(scenario.tools), 2);
      overview.push({
        kind: 'p',
        text: inlineToHtml(
          `Tooling seen in related activity includes ${first} and ${second}. None of it is unique to this activity, so detections should focus on the behaviour described below rather than on the tools themselves.`,
        ),
      });
    }

    const attackItems = steps.map((step) => fillHtml(step.text));
    const impacts = rng.sample(scenario.impacts, rng.chance(compact ? 0.1 : 0.4) ? 2 : 1);
    const impactBlocks: Block[] = impacts.map((text) => ({ kind: 'p', text: fillHtml(text) }));

    const recCount = rng.int(3, 7);
    const recs = rng
      .sample(scenario.recommendations, Math.min(recCount, scenario.recommendations.length))
      .map(fillHtml);
    for (const extra of rng.shuffle(GENERIC_RECOMMENDATIONS)) {
      if (recs.length >= recCount) break;
      recs.push(inlineHtmlCached(extra));
    }

    const sections: Section[] = [];
    sections.push({
      heading: rng.chance(0.25) ? rng.weighted(HEADINGS.overview) : null,
      blocks: overview,
    });
    sections.push({
      heading: rng.weighted(HEADINGS.attack),
      blocks: [{ kind: 'ol', items: attackItems }],
    });
    sections.push({ heading: rng.weighted(HEADINGS.impact), blocks: impactBlocks });

    const detection: Section | null =
      scenario.detections.length > 0 && rng.chance(type === 'coverage' ? 0.9 : 0.4)
        ? {
            heading: rng.weighted(HEADINGS.detection),
            blocks: [
              { kind: 'p', text: fillHtml(rng.pick(scenario.detections)) },
              ...(scenario.queries.length > 0 && rng.chance(0.6)
                ? [{ kind: 'code' as const, lang: rng.pick(scenario.queries).lang, text: '' }]
                : []),
            ],
          }
        : null;
    if (detection) {
      const code = detection.blocks.find((b) => b.kind === 'code');
      if (code) {
        const query = scenario.queries.find((q) => q.lang === code.lang) ?? scenario.queries[0];
        code.text = (query?.code ?? '').replace(
          /\{([A-Za-z]+)\}/g,
          (_, key: string) => ctx[key] ?? '',
        );
      }
    }
    const recommendation: Section = {
      heading: rng.weighted(HEADINGS.recommendation),
      blocks: [{ kind: 'ul', items: recs }],
    };
    if (detection && rng.chance(0.7)) sections.push(detection, recommendation);
    else sections.push(recommendation, ...(detection ? [detection] : []));

    if (type !== 'coverage' && type !== 'rumour' && rng.chance(0.35)) {
      const rows: [string, string][] = [];
      const n = rng.int(2, 6);
      for (let k = 0; k < n; k++) {
        const kind = rng.pick(['Domain', 'IPv4', 'SHA256']);
        rows.push([
          kind,
          kind === 'Domain' ? synthDomain(rng) : kind === 'IPv4' ? synthIp(rng) : rng.hex(64),
        ]);
      }
      sections.push(
        rng.chance(0.5)
          ? { heading: rng.weighted(HEADINGS.iocs), blocks: [{ kind: 'table', rows }] }
          : {
              heading: rng.weighted(HEADINGS.iocs),
              blocks: [{ kind: 'ul', items: rows.map(([, v]) => `<code>${escapeCode(v)}</code>`) }],
            },
      );
    }

    const references: { href: string; label: string }[] = [];
    for (const cve of cves)
      references.push({
        href: `https://nvd.nist.gov/vuln/detail/${cve.id}`,
        label: `${cve.id} (NVD)`,
      });
    if (cves.length > 0 && rng.chance(0.5)) {
      references.push({
        href: `https://www.cisa.gov/known-exploited-vulnerabilities-catalog`,
        label: 'CISA Known Exploited Vulnerabilities Catalog',
      });
    }
    if (rng.chance(0.4) || mentioned.size > 0) {
      for (const id of [...techniques].slice(0, 3)) {
        references.push({
          href: `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`,
          label: `MITRE ATT&CK ${id} ${TECHNIQUE_NAMES.get(id) ?? ''}`.trim(),
        });
      }
    }
    if (references.length > 0 && rng.chance(0.45))
      sections.push({
        heading: rng.weighted(HEADINGS.references),
        blocks: [{ kind: 'ul', links: references }],
      });

    // Keep the body within the upstream's usual 3-8 kB.
    const targetSize = compact
      ? 1900 + rng.int(0, 900)
      : rng.chance(0.1)
        ? 5400 + rng.int(0, 2300)
        : 3150 + rng.int(0, 2600);
    while (sizeOf(sections) < targetSize && contextIndex < context.length) {
      const target = rng.chance(0.5) ? overview : impactBlocks;
      target.push({ kind: 'p', text: inlineHtmlCached(context[contextIndex++] ?? '') });
    }

    for (const id of mentioned) techniques.add(id);
    const contentHtml = renderHtml(sections);

    const base = `${published.slice(0, 4)}-${published.slice(5, 7)}-${titleSlug(title)}`;
    let slug = base;
    for (let n = 2; slugs.has(slug); n++) slug = `${base}-${n}`;
    slugs.add(slug);
    const url = `${origin}/briefs/${slug}/`;
    const useUrlId =
      idStyle === 'url' || (idStyle === 'mixed' && publishedMs > reference - span * 0.45);

    const modifiedMs = rng.chance(0.65)
      ? publishedMs
      : Math.min(reference, publishedMs + rng.int(1, 30 * 24) * 3_600_000);

    const tags = new Set<string>(rng.sample(scenario.tags, rng.int(2, 4)));
    if (rng.chance(0.8)) {
      const tactics = new Set<string>();
      for (const t of techniques)
        for (const tactic of TECHNIQUE_TACTICS.get(t) ?? []) tactics.add(tacticTag(tactic));
      for (const tag of rng.sample([...tactics], rng.int(1, 3))) tags.add(tag);
    }
    if (vocab.tags.length > BASE_TAGS.length + 14) {
      tags.add(vocab.tags[i < vocab.tags.length ? i : vocab.tagZipf.pick(rng)] ?? 'cloud');
      if (rng.chance(0.4)) tags.add(vocab.tags[vocab.tagZipf.pick(rng)] ?? 'cloud');
    }

    const exploited = type === 'coverage' ? rng.chance(0.1) : rng.chance(scenario.exploited);
    const hasPoc = cves.length > 0 && rng.chance(scenario.poc);

    const item: SynthItem = {
      _cs_actors: actor ? [actor] : [],
      ...(cpes.length > 0 ? { _cs_cpes: cpes } : {}),
      _cs_cves: cves,
      _cs_exploited: exploited,
      ...(hasPoc || rng.chance(0.2) ? { _cs_has_poc: hasPoc } : {}),
      ...(hasPoc
        ? {
            _cs_poc_references: Array.from(
              { length: rng.int(1, 2) },
              (_, k) =>
                `https://github.com/${rng.pick(['sec-research', 'redteam-notes', 'vulnlab-poc', 'exploit-dev'])}${k || ''}/${(cves[0]?.id ?? slug).toLowerCase()}-poc`,
            ),
          }
        : {}),
      _cs_products: productStrings,
      _cs_severities: severities,
      _cs_tags: [...tags],
      _cs_type: type,
      _cs_vendors: vendors,
      content_html: contentHtml,
      date_modified: isoSeconds(modifiedMs),
      date_published: published,
      id: useUrlId ? url : `/briefs/${slug}/`,
      summary,
      title,
      url,
    };
    items.push(item);
    bySlug.set(slug, items.length - 1);
    meta.push({
      slug,
      scenario: scenario.key,
      techniques: [...techniques].sort(),
      techniquesInText: [...mentioned].sort(),
      attackChainSteps: attackItems.length,
      recommendations: recs.length,
      headings: sections.flatMap((sec) => (sec.heading ? [sec.heading] : [])),
    });
  }
  return {
    items,
    meta,
    markdownOf: (slug) => {
      const item = items[bySlug.get(slug) ?? -1];
      return item ? htmlToMarkdown(item.content_html) : undefined;
    },
  };
}

/** The same facts in the unprefixed JSON Feed 1.0 shape (`date` instead of `date_published`). */
export function toV1Item(item: SynthItem): SynthItemV1 {
  return {
    actors: item._cs_actors,
    content_html: item.content_html,
    cves: item._cs_cves,
    date: item.date_published,
    exploited: item._cs_exploited,
    id: item.id,
    products: item._cs_products,
    severities: item._cs_severities,
    summary: item.summary,
    tags: item._cs_tags,
    title: item.title,
    type: item._cs_type,
    url: item.url,
    vendors: item._cs_vendors,
  };
}

/** The slug of a brief from its id or url (`/briefs/<slug>/` or the full URL). */
export function briefSlug(item: { id?: unknown; url?: unknown }): string | null {
  for (const value of [item.id, item.url]) {
    if (typeof value !== 'string') continue;
    const match = /\/briefs\/([^/?#]+)\/?/.exec(value);
    if (match?.[1]) return match[1];
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// STIX 2.1

/** What the STIX builder needs about one brief. Items may be hand-written fixtures. */
export interface StixEntry {
  slug: string;
  title: string;
  published: string;
  modified?: string;
  products?: string[];
  vendors?: string[];
  cves?: CsCve[];
  cpes?: string[];
  techniques: string[];
  /** The report description (the brief's Markdown); defaults to the summary. */
  description?: string;
  labels?: string[];
  /** Technique names that override the catalog's (hostile fixtures). */
  techniqueNames?: Record<string, string>;
  /** Report external references; defaults to NVD links of the CVEs. */
  references?: { source_name: string; url: string; external_id?: string }[];
}

export interface BuildStixOptions {
  /** The upstream repeats a technique (and a CVE) object for every report that uses it (default). */
  repeatShared?: boolean;
}

export function buildStixBundle(
  entries: StixEntry[],
  bundleKey = 'bundle',
  options: BuildStixOptions = {},
): StixBundle {
  const objects: StixObject[] = [];
  const repeat = options.repeatShared ?? true;
  const emitted = new Set<string>();
  const once = (id: string) => {
    if (repeat) return true;
    if (emitted.has(id)) return false;
    emitted.add(id);
    return true;
  };
  for (const entry of entries) {
    const created = entry.published;
    const modified = entry.modified ?? entry.published;
    const reportId = `report--${stableUuid(`report:${entry.slug}`)}`;
    const refs: string[] = [];
    for (const technique of entry.techniques) {
      const patternId = `attack-pattern--${stableUuid(`attack-pattern:${technique}`)}`;
      if (once(patternId))
        objects.push({
          type: 'attack-pattern',
          spec_version: '2.1',
          id: patternId,
          created,
          modified: created,
          name: entry.techniqueNames?.[technique] ?? TECHNIQUE_NAMES.get(technique) ?? technique,
          external_references: [
            {
              source_name: 'mitre-attack',
              external_id: technique,
              url: `https://attack.mitre.org/techniques/${technique.replace('.', '/')}`,
            },
          ],
        });
      objects.push({
        type: 'relationship',
        spec_version: '2.1',
        id: `relationship--${stableUuid(`uses:${entry.slug}:${technique}`)}`,
        created,
        modified: created,
        relationship_type: 'uses',
        source_ref: reportId,
        target_ref: patternId,
      });
      refs.push(patternId);
    }
    const vulnerabilityIds: string[] = [];
    for (const cve of entry.cves ?? []) {
      const vulnerabilityId = `vulnerability--${stableUuid(`vulnerability:${cve.id}`)}`;
      vulnerabilityIds.push(vulnerabilityId);
      if (once(vulnerabilityId))
        objects.push({
          type: 'vulnerability',
          spec_version: '2.1',
          id: vulnerabilityId,
          created,
          modified: created,
          name: cve.id,
          external_references: [
            {
              source_name: 'cve',
              external_id: cve.id,
              url: `https://nvd.nist.gov/vuln/detail/${cve.id}`,
            },
          ],
        });
    }
    (entry.products ?? []).forEach((product, n) => {
      const softwareId = `software--${stableUuid(`software:${entry.slug}:${product}`)}`;
      const software: StixObject = { type: 'software', id: softwareId, name: product };
      const vendor = entry.vendors?.[Math.min(n, (entry.vendors?.length ?? 1) - 1)];
      if (vendor) software.vendor = vendor;
      const cpe = entry.cpes?.[n];
      if (cpe) software.cpe = cpe;
      objects.push(software);
      refs.push(softwareId);
      for (const vulnerabilityId of vulnerabilityIds) {
        objects.push({
          type: 'relationship',
          spec_version: '2.1',
          id: `relationship--${stableUuid(`has:${softwareId}:${vulnerabilityId}`)}`,
          created,
          modified: created,
          relationship_type: 'has',
          source_ref: softwareId,
          target_ref: vulnerabilityId,
        });
      }
    });
    refs.push(...vulnerabilityIds);
    objects.push({
      type: 'report',
      spec_version: '2.1',
      id: reportId,
      created,
      modified,
      name: entry.title,
      description: entry.description ?? '',
      published: entry.published,
      labels: entry.labels ?? ['threat-report'],
      object_refs: refs,
      external_references:
        entry.references ??
        (entry.cves ?? []).map((cve) => ({
          source_name: 'reference',
          url: `https://nvd.nist.gov/vuln/detail/${cve.id}`,
        })),
      confidence: 60 + (hash32(entry.slug) % 36),
    });
  }
  return { type: 'bundle', id: `bundle--${stableUuid(bundleKey)}`, objects };
}

/** The STIX bundle matching a synthetic feed (optionally only the last `windowDays`). */
export function synthStix(feed: SynthFeed, options: SynthStixOptions = {}): StixBundle {
  const reference = Date.parse(options.referenceDate ?? DEFAULT_REFERENCE_DATE);
  const since =
    options.windowDays === undefined ? -Infinity : reference - options.windowDays * 86_400_000;
  const entries: StixEntry[] = [];
  feed.items.forEach((item, n) => {
    const info = feed.meta[n];
    if (!info || Date.parse(item.date_published) < since) return;
    entries.push({
      slug: info.slug,
      title: item.title,
      published: item.date_published,
      modified: item.date_modified,
      products: item._cs_products,
      vendors: item._cs_vendors,
      cves: item._cs_cves,
      cpes: item._cs_cpes,
      techniques: info.techniques,
      description:
        options.description === 'summary'
          ? item.summary
          : (feed.markdownOf(info.slug) ?? item.summary),
      labels: SCENARIOS.find((sc) => sc.key === info.scenario)?.labels,
    });
  });
  return buildStixBundle(
    entries,
    `bundle:${options.seed ?? 1}:${feed.items.length}:${options.windowDays ?? 'all'}`,
    {
      repeatShared: options.repeatShared,
    },
  );
}

// ---------------------------------------------------------------------------------------------
// JSON Feed pages

export interface PaginateOptions {
  /** Newer site output: absolute next_url. Older: relative (see `relative`). */
  absoluteNextUrl?: boolean;
  /** Relative form: root-relative `/page/2/feed.json` (default) or relative to the current page `../3/feed.json`. */
  relative?: 'root' | 'document';
  /** Page URLs: `/page/2/feed.json` (Hugo, default) or `/feed.json?page=2`. */
  pageUrlStyle?: 'path' | 'query';
  title?: string;
  description?: string;
  homePageUrl?: string;
  feedUrl?: string;
  language?: string;
}

/** The URL of page `n` (1-based) of a listing whose first page is `baseUrl` (`.../feed.json` or a directory URL). */
export function pageUrl(baseUrl: string, n: number, style: 'path' | 'query' = 'path'): string {
  const first = new URL(baseUrl.endsWith('/') ? `${baseUrl}feed.json` : baseUrl);
  if (n <= 1) return first.toString();
  if (style === 'query') {
    first.searchParams.set('page', String(n));
    return first.toString();
  }
  const dir = first.pathname.replace(/[^/]*$/, '');
  const file = first.pathname.slice(dir.length) || 'feed.json';
  return new URL(`${dir}page/${n}/${file}`, first).toString();
}

function relativeUrl(from: string, to: string): string {
  const a = new URL(from);
  const b = new URL(to);
  const fromDir = a.pathname.split('/').slice(0, -1);
  const toParts = b.pathname.split('/');
  let common = 0;
  while (
    common < fromDir.length &&
    common < toParts.length - 1 &&
    fromDir[common] === toParts[common]
  )
    common++;
  const up = fromDir.length - common;
  const rest = toParts.slice(common).join('/');
  return `${up > 0 ? '../'.repeat(up) : ''}${rest}${b.search}` || './';
}

/** Split items into JSON Feed 1.1 pages with the real page's top-level fields and `next_url`. */
export function paginate<T>(
  items: readonly T[],
  pageSize = 100,
  baseUrl = FEED_URL,
  options: PaginateOptions = {},
): FeedPage<T>[] {
  const size = Math.max(1, Math.floor(pageSize));
  const style = options.pageUrlStyle ?? 'path';
  const pageCount = Math.max(1, Math.ceil(items.length / size));
  const base = new URL(baseUrl);
  const pages: FeedPage<T>[] = [];
  for (let n = 1; n <= pageCount; n++) {
    const page: FeedPage<T> = {
      description: options.description ?? FEED_DESCRIPTION,
      feed_url: options.feedUrl ?? baseUrl,
      home_page_url: options.homePageUrl ?? `${base.origin}/`,
      items: items.slice((n - 1) * size, n * size),
      language: options.language ?? 'en',
      title: options.title ?? FEED_TITLE,
      version: JSON_FEED_VERSION,
    };
    if (n < pageCount) {
      const next = pageUrl(baseUrl, n + 1, style);
      if (options.absoluteNextUrl) page.next_url = next;
      else if (options.relative === 'document')
        page.next_url = relativeUrl(pageUrl(baseUrl, n, style), next);
      else {
        const u = new URL(next);
        page.next_url = `${u.pathname}${u.search}`;
      }
    }
    // Keep the upstream's alphabetical key order (next_url between language and title).
    pages.push(
      page.next_url === undefined
        ? page
        : {
            description: page.description,
            feed_url: page.feed_url,
            home_page_url: page.home_page_url,
            items: page.items,
            language: page.language,
            next_url: page.next_url,
            title: page.title,
            version: page.version,
          },
    );
  }
  return pages;
}

/** One JSON Feed document holding every item, no next_url (the bundled demo snapshot). */
export function toFeedDocument<T>(
  items: readonly T[],
  baseUrl = FEED_URL,
  options: PaginateOptions = {},
): FeedPage<T> {
  const [page] = paginate(items, Math.max(1, items.length), baseUrl, options);
  if (!page) throw new Error('toFeedDocument: no page');
  return page;
}
