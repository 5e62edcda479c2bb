import catalogJson from '@/data/attack-catalog.json' with { type: 'json' };
import type { CompactCatalog } from '@/lib/briefs/attack/catalog-types';
import actorsJson from './data/actors.json' with { type: 'json' };
import briefDetailsJson from './data/brief-details.json' with { type: 'json' };
import cvesJson from './data/cves.json' with { type: 'json' };
import headingsJson from './data/headings.json' with { type: 'json' };
import inventedNamesJson from './data/invented-names.json' with { type: 'json' };
import productsJson from './data/products.json' with { type: 'json' };
import proseJson from './data/prose.json' with { type: 'json' };
import scenariosJson from './data/scenarios.json' with { type: 'json' };
import tagsJson from './data/tags.json' with { type: 'json' };
import type {
  ActorRef,
  BriefDetails,
  Category,
  Headings,
  InventedNames,
  ProductDef,
  Prose,
  RealCve,
  ScenarioData,
} from './data-schemas';

// The generator's vocabulary, loaded from dev/synth/data/ and typed. Vendor, product, CVE, actor
// and ATT&CK names are real facts; the invented names are plausible and clearly made up. The files
// are checked against data-schemas.ts by data.test.ts, so here they are only cast.

export type { BriefType, Category, ProductDef, Severity, Step } from './data-schemas';

/** A scenario with its actor groups resolved to names. */
export type Scenario = Omit<ScenarioData, 'actors'> & { actors: readonly string[] };

const catalog = catalogJson as CompactCatalog;

/** Real products (most with their CPE), the most popular first. */
export const REAL_PRODUCTS = productsJson as ProductDef[];
/** Real, well-known CVEs of the real products. */
export const REAL_CVES = cvesJson as RealCve[];
/** Actor names by the kind of activity they are known for. */
export const ACTOR_GROUPS = actorsJson as Record<string, readonly string[]>;
/** The real tags beyond the ATT&CK tactics. */
export const BASE_TAGS = tagsJson as string[];
/** Word lists for vendors, products and tags beyond the real ones. */
export const INVENTED_NAMES = inventedNamesJson as InventedNames;
export const PROSE = proseJson as Prose;
/** Section headings with the weights of their spellings. */
export const HEADINGS = headingsJson as Headings;
export const BRIEF_DETAILS = briefDetailsJson as BriefDetails;
export const TITLE_STOP_WORDS = new Set(BRIEF_DETAILS.titleStopWords);

function resolveActors(refs: readonly ActorRef[], scenario: string): string[] {
  return refs.flatMap((ref) => {
    if (typeof ref === 'string') return [ref];
    const group = ACTOR_GROUPS[ref.group];
    if (!group)
      throw new Error(`synth: scenario ${scenario} names unknown actor group ${ref.group}`);
    return group.slice(0, ref.first ?? group.length);
  });
}

/** The scenarios in file order (the order decides which scenario a weighted pick lands on). */
export const SCENARIOS: readonly Scenario[] = (scenariosJson as ScenarioData[]).map((scenario) => ({
  ...scenario,
  actors: resolveActors(scenario.actors, scenario.key),
}));

/** The scenarios that fit a product category, with their weights. */
export const SCENARIO_BY_CATEGORY = new Map<Category, [Scenario, number][]>();
for (const scenario of SCENARIOS) {
  for (const category of scenario.categories) {
    const list = SCENARIO_BY_CATEGORY.get(category) ?? [];
    list.push([scenario, scenario.weight]);
    SCENARIO_BY_CATEGORY.set(category, list);
  }
}

export const TACTICS = catalog.tactics;
export const TECHNIQUE_NAMES = new Map(catalog.techniques.map((t) => [t.id, t.name]));
export const TECHNIQUE_TACTICS = new Map(catalog.techniques.map((t) => [t.id, t.tactics]));
for (const scenario of SCENARIOS) {
  for (const step of scenario.steps) {
    for (const id of step.techniques) {
      if (!TECHNIQUE_NAMES.has(id))
        throw new Error(
          `synth: technique ${id} (${scenario.key}) is not in data/attack-catalog.json`,
        );
    }
  }
}

/** The name of an ATT&CK technique from the bundled catalog. */
export function techniqueName(id: string): string | undefined {
  return TECHNIQUE_NAMES.get(id);
}

/** ATT&CK tactic shortname -> the snake case tag the feed uses. */
export function tacticTag(shortname: string): string {
  return shortname.replace(/-/g, '_');
}
