import { renderHtml, sizeOf, type Block, type Section } from './body-html';
import type { CsCve } from './feed-format';
import type { Rng } from './random';
import { inlineHtmlCached, type TemplateFiller, type TemplateValues } from './templates';
import { escapeCode, inlineToHtml } from './text';
import { synthDomain, synthIp } from './brief-facts';
import {
  HEADINGS,
  PROSE,
  TECHNIQUE_NAMES,
  type BriefType,
  type Scenario,
  type Step,
} from './vocabulary';

// A brief's body (content_html): overview, attack chain, impact, recommendations, and sometimes
// detection, indicators and references, in the upstream's shapes and spellings, padded with
// context paragraphs to the upstream's usual size.

export interface BodyInput {
  rng: Rng;
  scenario: Scenario;
  type: BriefType;
  hasActor: boolean;
  cves: readonly CsCve[];
  /** The attack chain, in order. */
  steps: readonly Step[];
  /** The brief's techniques so far; the first three may become reference links. */
  techniques: ReadonlySet<string>;
  values: TemplateValues;
  filler: TemplateFiller;
  /** About 2-3.5 kB instead of 3-8 kB. */
  compact: boolean;
}

export interface Body {
  html: string;
  attackChainSteps: number;
  recommendations: number;
  /** Headings in document order, as written. */
  headings: string[];
}

export function composeBody(input: BodyInput): Body {
  const { rng, scenario, type, hasActor, cves, steps, techniques, values: ctx, compact } = input;
  const { fillHtml } = input.filler;

  // Overviews that name the actor or the CVE only when there is one.
  const fits = scenario.overviews.filter(
    (o) => (hasActor || !o.includes('{A}')) && (cves.length > 0 || !o.includes('{CVE}')),
  );
  const overviews = fits.length > 0 ? fits : scenario.overviews;
  const overviewIndex = rng.int(0, overviews.length - 1);
  const overview: Block[] = [{ kind: 'p', text: fillHtml(overviews[overviewIndex] ?? '') }];
  const context = rng.shuffle(PROSE.contextParagraphs);
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
    const paragraph = PROSE.toolingParagraph
      .replace('{first}', () => first ?? '')
      .replace('{second}', () => second ?? '');
    overview.push({ kind: 'p', text: inlineToHtml(paragraph) });
  }

  const attackItems = steps.map((step) => fillHtml(step.text));
  const impacts = rng.sample(scenario.impacts, rng.chance(compact ? 0.1 : 0.4) ? 2 : 1);
  const impactBlocks: Block[] = impacts.map((text) => ({ kind: 'p', text: fillHtml(text) }));

  const recCount = rng.int(3, 7);
  const recs = rng
    .sample(scenario.recommendations, Math.min(recCount, scenario.recommendations.length))
    .map(fillHtml);
  for (const extra of rng.shuffle(PROSE.genericRecommendations)) {
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
  if (rng.chance(0.4) || input.filler.mentioned.size > 0) {
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

  return {
    html: renderHtml(sections),
    attackChainSteps: attackItems.length,
    recommendations: recs.length,
    headings: sections.flatMap((sec) => (sec.heading ? [sec.heading] : [])),
  };
}
