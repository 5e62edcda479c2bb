import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import catalogJson from '@/data/attack-catalog.json';
import type { CompactCatalog } from '@/lib/briefs/attack/catalog-types';
import {
  actorGroupsSchema,
  briefDetailsSchema,
  categorySchema,
  cvesSchema,
  headingsSchema,
  inventedNamesSchema,
  productsSchema,
  proseSchema,
  scenariosSchema,
  tagsSchema,
} from './data-schemas';
import { slugify } from './text';
import { SCENARIOS, SCENARIO_BY_CATEGORY } from './vocabulary';

// The generator's data files, each parsed with its schema, and the references between them.

const read = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8'));

const FILES: [string, z.ZodType][] = [
  ['products.json', productsSchema],
  ['cves.json', cvesSchema],
  ['actors.json', actorGroupsSchema],
  ['tags.json', tagsSchema],
  ['invented-names.json', inventedNamesSchema],
  ['scenarios.json', scenariosSchema],
  ['prose.json', proseSchema],
  ['headings.json', headingsSchema],
  ['brief-details.json', briefDetailsSchema],
];

// The checks between files read the data as typed; the schema test above says whether it is.
const products = read('products.json') as z.infer<typeof productsSchema>;
const cves = read('cves.json') as z.infer<typeof cvesSchema>;
const actors = read('actors.json') as z.infer<typeof actorGroupsSchema>;
const tags = read('tags.json') as z.infer<typeof tagsSchema>;
const names = read('invented-names.json') as z.infer<typeof inventedNamesSchema>;
const scenarios = read('scenarios.json') as z.infer<typeof scenariosSchema>;
const prose = read('prose.json') as z.infer<typeof proseSchema>;
const headings = read('headings.json') as z.infer<typeof headingsSchema>;
const details = read('brief-details.json') as z.infer<typeof briefDetailsSchema>;
const catalog = catalogJson as CompactCatalog;

const duplicates = (values: readonly string[]) => values.filter((v, i) => values.indexOf(v) !== i);

/** Every template of a scenario with where it comes from, for messages. */
function templatesOf(scenario: (typeof scenarios)[number]): [string, string][] {
  return [
    ...scenario.titles.map((t): [string, string] => ['title', t]),
    ...scenario.summaries.map((t): [string, string] => ['summary', t]),
    ...scenario.overviews.map((t): [string, string] => ['overview', t]),
    ...scenario.steps.map((s): [string, string] => ['step', s.text]),
    ...scenario.impacts.map((t): [string, string] => ['impact', t]),
    ...scenario.recommendations.map((t): [string, string] => ['recommendation', t]),
    ...scenario.detections.map((t): [string, string] => ['detection', t]),
    ...scenario.queries.map((q): [string, string] => ['query', q.code]),
  ];
}

describe('dev/synth data files', () => {
  it.each(FILES)('%s matches its schema', (name, schema) => {
    const result = schema.safeParse(read(name));
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('every data file is checked', () => {
    const files = readdirSync(new URL('./data/', import.meta.url));
    expect(files.sort()).toEqual(FILES.map(([name]) => name).sort());
  });

  it('products: unique names and slugs, every category has a scenario', () => {
    expect(duplicates(products.map((p) => p.name))).toEqual([]);
    expect(duplicates(products.map((p) => slugify(p.name)))).toEqual([]);
    const covered = new Set(scenarios.flatMap((s) => s.categories));
    for (const category of categorySchema.options) expect(covered).toContain(category);
  });

  it('cves: each names a product of products.json, once per product', () => {
    const productNames = new Set(products.map((p) => p.name));
    for (const cve of cves) expect(productNames, cve.id).toContain(cve.product);
    expect(duplicates(cves.map((c) => `${c.product} ${c.id}`))).toEqual([]);
  });

  it('actors: groups without duplicates; scenarios name only existing groups', () => {
    for (const [group, members] of Object.entries(actors))
      expect(duplicates(members), group).toEqual([]);
    for (const scenario of scenarios)
      for (const ref of scenario.actors) {
        if (typeof ref === 'string') continue;
        expect(Object.keys(actors), scenario.key).toContain(ref.group);
        expect(ref.first ?? 0).toBeLessThanOrEqual(actors[ref.group]?.length ?? 0);
      }
  });

  it('tags: unique, distinct from the tactic tags, and every scenario tag is one of them', () => {
    expect(duplicates(tags)).toEqual([]);
    for (const tactic of catalog.tactics)
      expect(tags).not.toContain(tactic.shortname.replace(/-/g, '_'));
    const known = new Set(tags);
    for (const scenario of scenarios)
      for (const tag of scenario.tags) expect(known, `${scenario.key}: ${tag}`).toContain(tag);
  });

  it('invented names: no duplicates, and none collides with a real vendor', () => {
    for (const list of [
      names.vendorStems,
      names.vendorSuffixes,
      names.productWords,
      names.productEditions,
      names.tagHeads,
      names.tagTails,
    ])
      expect(duplicates(list)).toEqual([]);
    expect(duplicates(names.productKinds.map(([kind]) => kind))).toEqual([]);
    const realVendors = new Set(products.map((p) => slugify(p.vendor)));
    for (const stem of names.vendorStems) expect(realVendors.has(slugify(stem)), stem).toBe(false);
  });

  it('scenarios: unique keys, techniques from the ATT&CK catalog, known placeholders only', () => {
    expect(duplicates(scenarios.map((s) => s.key))).toEqual([]);
    const techniqueIds = new Set(catalog.techniques.map((t) => t.id));
    const placeholders = new Set(['P', 'V', 'A', 'CVE', 'PATH', 'DOM', 'ROLE', 'role', 'IP']);
    for (const scenario of scenarios) {
      for (const step of scenario.steps) {
        for (const id of step.techniques)
          expect(techniqueIds.has(id), `${scenario.key}: ${id}`).toBe(true);
        // A written mention names the step's own technique.
        for (const [, id] of step.text.matchAll(/\{T:([^}]*)\}/g))
          expect(step.techniques, `${scenario.key}: ${step.text}`).toContain(id);
      }
      for (const [where, template] of templatesOf(scenario)) {
        for (const [, key] of template.matchAll(/\{(?!T:)([^}]*)\}/g))
          expect(placeholders.has(key ?? ''), `${scenario.key} ${where}: {${key}}`).toBe(true);
        if (where !== 'step') expect(template, `${scenario.key} ${where}`).not.toContain('{T:');
      }
      // Inline markup must pair up, or the rendered HTML would leave a tag open.
      for (const [where, template] of templatesOf(scenario)) {
        if (where === 'query') continue;
        expect(template.split('`').length % 2, `${scenario.key} ${where}: ${template}`).toBe(1);
        expect(template.split('**').length % 2, `${scenario.key} ${where}: ${template}`).toBe(1);
      }
    }
  });

  it('scenarios load with their actor groups resolved, in file order', () => {
    expect(SCENARIOS.map((s) => s.key)).toEqual(scenarios.map((s) => s.key));
    const webApp = SCENARIOS.find((s) => s.key === 'web-app-exploit');
    expect(webApp?.actors).toEqual([
      ...(actors.extortion ?? []),
      ...(actors.ransomware ?? []).slice(0, 4),
      'APT41',
    ]);
    for (const scenario of SCENARIOS) {
      expect(scenario.actors.length).toBeGreaterThan(0);
      for (const actor of scenario.actors) expect(typeof actor).toBe('string');
    }
    for (const category of categorySchema.options)
      expect(SCENARIO_BY_CATEGORY.get(category)?.length ?? 0).toBeGreaterThan(0);
  });

  it('prose, headings and brief details: no duplicates where a pick would skew', () => {
    expect(duplicates(prose.contextParagraphs)).toEqual([]);
    expect(duplicates(prose.genericRecommendations)).toEqual([]);
    for (const [section, spellings] of Object.entries(headings))
      expect(duplicates(spellings.map(([heading]) => heading)), section).toEqual([]);
    for (const [severity, [lo, hi]] of Object.entries(details.severityCvss))
      expect(lo, severity).toBeLessThanOrEqual(hi);
    for (const list of [details.webPaths, details.cloudRoles, details.domainWords, details.tlds])
      expect(duplicates(list)).toEqual([]);
  });
});
