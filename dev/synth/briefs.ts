import { composeBody } from './bodies';
import { htmlToMarkdown } from './body-html';
import {
  lowerSeverityOf,
  pickAffected,
  pickCves,
  pickTags,
  pocReferences,
  synthDomain,
  synthIp,
  titleSlug,
} from './brief-facts';
import {
  DEFAULT_REFERENCE_DATE,
  FEED_ORIGIN,
  type SynthBriefMeta,
  type SynthFeed,
  type SynthItem,
  type SynthItemV1,
} from './feed-format';
import { Rng } from './random';
import { buildVocabulary } from './scaled-vocabulary';
import { templateFiller, type TemplateValues } from './templates';
import { capitalise, isoSeconds } from './text';
import {
  BRIEF_DETAILS,
  PROSE,
  REAL_PRODUCTS,
  SCENARIOS,
  SCENARIO_BY_CATEGORY,
  type ProductDef,
} from './vocabulary';

// The synthetic briefs: JSON Feed 1.1 items with `_cs_` fields like the upstream's, newest first,
// with the ground truth of each (its scenario, techniques, headings) for tests and the benchmark.

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
    throw new Error(`synth: invalid referenceDate ${options.referenceDate}`);
  const span = (options.spanDays ?? 540) * 86_400_000;
  const idStyle = options.idStyle ?? 'mixed';
  const compact = options.bodySize === 'compact';
  const count = Math.max(0, Math.floor(options.count));
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
    const lower = lowerSeverityOf(severity);
    if (lower && rng.chance(0.08)) severities.push(lower);

    const actor = rng.chance(scenario.actor) ? rng.pick(scenario.actors) : null;
    const { cves, range } = pickCves(rng, scenario, product, severity, year);
    const affected = pickAffected(rng, product, byVendor.get(product.vendor) ?? [], range);

    // Attack chain, techniques and optional technique-id mentions.
    const maxSteps = Math.min(8, scenario.steps.length);
    const steps = rng.sample(scenario.steps, rng.int(Math.min(3, maxSteps), maxSteps));
    const techniques = new Set<string>();
    for (const step of steps)
      step.techniques.forEach((t, n) => (n === 0 || rng.chance(0.35)) && techniques.add(t));
    const mentions = rng.chance(0.35);

    const values: TemplateValues = {
      P: product.name,
      V: product.vendor,
      A: actor ?? rng.pick(PROSE.unnamedActors),
      CVE: cves[0]?.id ?? 'the vulnerability',
      PATH: rng.pick(BRIEF_DETAILS.webPaths),
      DOM: synthDomain(rng),
      ROLE: rng.pick(BRIEF_DETAILS.cloudRoles),
      IP: synthIp(rng),
    };
    values.role = (values.ROLE ?? '').toLowerCase();
    const filler = templateFiller(rng, values, mentions);
    const { fill } = filler;

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

    const body = composeBody({
      rng,
      scenario,
      type,
      hasActor: actor !== null,
      cves,
      steps,
      techniques,
      values,
      filler,
      compact,
    });
    for (const id of filler.mentioned) techniques.add(id);

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

    const tags = pickTags(rng, scenario, techniques, vocab, i);
    const exploited = type === 'coverage' ? rng.chance(0.1) : rng.chance(scenario.exploited);
    const hasPoc = cves.length > 0 && rng.chance(scenario.poc);

    const item: SynthItem = {
      _cs_actors: actor ? [actor] : [],
      ...(affected.cpes.length > 0 ? { _cs_cpes: affected.cpes } : {}),
      _cs_cves: cves,
      _cs_exploited: exploited,
      ...(hasPoc || rng.chance(0.2) ? { _cs_has_poc: hasPoc } : {}),
      ...(hasPoc ? { _cs_poc_references: pocReferences(rng, cves[0]?.id ?? slug) } : {}),
      _cs_products: affected.products,
      _cs_severities: severities,
      _cs_tags: tags,
      _cs_type: type,
      _cs_vendors: affected.vendors,
      content_html: body.html,
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
      techniquesInText: [...filler.mentioned].sort(),
      attackChainSteps: body.attackChainSteps,
      recommendations: body.recommendations,
      headings: body.headings,
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
