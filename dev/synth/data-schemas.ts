import { z } from 'zod';

// The shapes of the generator's data files (dev/synth/data/*.json). data.test.ts parses every file
// with these; the generator itself only casts (the files are ours, and plain `node --import tsx`
// should not pay for a parse at start-up). The types below are the ones the generator uses.

const text = z.string().min(1);
const weight = z.number().positive();
const probability = z.number().min(0).max(1);
/** A list to pick from: never empty, since picking from an empty list throws. */
const choices = <T extends z.ZodType>(item: T) => z.array(item).min(1);
const weighted = <T extends z.ZodType>(value: T) => choices(z.tuple([value, weight]));

export const categorySchema = z.enum([
  'edge',
  'mail',
  'collab',
  'app',
  'filetransfer',
  'rmm',
  'devtools',
  'cloud',
  'identity',
  'hypervisor',
  'os',
  'browser',
  'backup',
  'saas',
  'kernel',
]);
export const briefTypeSchema = z.enum(['threat', 'coverage', 'advisory', 'rumour']);
export const severitySchema = z.enum([
  'critical',
  'high',
  'medium',
  'low',
  'informational',
  'rumour',
]);
export const techniqueIdSchema = z.string().regex(/^T\d{4}(\.\d{3})?$/);

export const productSchema = z.strictObject({
  vendor: text,
  name: text,
  category: categorySchema,
  /** CPE 2.3 part, vendor and product; absent for services without a CPE. */
  cpe: z.tuple([z.enum(['a', 'h', 'o']), text, text]).optional(),
});
export const productsSchema = choices(productSchema);

export const cvesSchema = choices(
  z.strictObject({
    /** The name of a product in products.json. */
    product: text,
    id: z.string().regex(/^CVE-\d{4}-\d{4,}$/),
    /** CVSS v3 base score as published by the vendor or NVD. */
    cvss: z.number().min(0).max(10),
    /** The affected version range, where the advisory gives one. */
    range: text.optional(),
  }),
);

export const actorGroupsSchema = z.record(z.string().regex(/^[a-z]+$/), choices(text));

/** An actor by name, or a group of actors.json (its first `first` members). */
export const actorRefSchema = z.union([
  text,
  z.strictObject({ group: text, first: z.number().int().positive().optional() }),
]);

export const tagSchema = z.string().regex(/^[a-z0-9_]+$/);
export const tagsSchema = choices(tagSchema);

export const inventedNamesSchema = z.strictObject({
  vendorStems: choices(text),
  vendorSuffixes: choices(text),
  productWords: choices(text),
  productKinds: choices(z.tuple([text, categorySchema])),
  /** Appended to a product name as is: empty, or starting with a space. */
  productEditions: choices(z.string().regex(/^(| .+)$/)),
  tagHeads: choices(tagSchema),
  tagTails: choices(tagSchema),
});

export const stepSchema = z.strictObject({
  text,
  /** The first is always credited to the brief, the others sometimes. */
  techniques: choices(techniqueIdSchema),
});

/**
 * A coherent set of templates for one kind of brief. Placeholders: {P} product, {V} vendor, {A}
 * actor phrase, {CVE} the CVE or "the vulnerability", {T:T1234} an optional technique mention,
 * {DOM} a defanged domain, {IP}, {PATH} a web path, {ROLE}/{role} a cloud action. Inline `code`
 * and **strong**.
 */
export const scenarioSchema = z.strictObject({
  key: z.string().regex(/^[a-z-]+$/),
  weight,
  categories: choices(categorySchema),
  types: weighted(briefTypeSchema),
  severities: weighted(severitySchema),
  exploited: probability,
  poc: probability,
  cve: probability,
  actor: probability,
  actors: choices(actorRefSchema),
  tags: choices(tagSchema),
  /** STIX report labels. */
  labels: choices(z.string().regex(/^[a-z-]+$/)),
  tools: z.array(text),
  titles: choices(text),
  summaries: choices(text),
  overviews: choices(text),
  steps: choices(stepSchema),
  impacts: choices(text),
  recommendations: choices(text),
  detections: z.array(text),
  /** The language becomes a class name that htmlToMarkdown reads back: lower-case letters only. */
  queries: z.array(z.strictObject({ lang: z.string().regex(/^[a-z]+$/), code: text })),
});
export const scenariosSchema = choices(scenarioSchema);

export const proseSchema = z.strictObject({
  /** Paragraphs that fit any brief; they also pad a body to its target size. */
  contextParagraphs: choices(text),
  genericRecommendations: choices(text),
  /** Names two of the scenario's tools: {first} and {second}. */
  toolingParagraph: text.regex(/\{first\}[\s\S]*\{second\}/),
  /** The {A} phrase of a brief without an actor. */
  unnamedActors: choices(text),
});

export const headingsSchema = z.strictObject({
  overview: weighted(text),
  attack: weighted(text),
  impact: weighted(text),
  recommendation: weighted(text),
  detection: weighted(text),
  iocs: weighted(text),
  references: weighted(text),
});

export const briefDetailsSchema = z.strictObject({
  /** The CVSS range an invented CVE of each severity falls in. */
  severityCvss: z.record(severitySchema, z.tuple([z.number().min(0), z.number().max(10)])),
  /** A brief may carry a second, lower severity; also the severity of an extra CVE. */
  lowerSeverity: z.partialRecord(severitySchema, severitySchema),
  webPaths: choices(z.string().regex(/^\/\S+$/)),
  cloudRoles: choices(text),
  domainWords: choices(z.string().regex(/^[a-z]+$/)),
  tlds: choices(z.string().regex(/^[a-z]+$/)),
  /** Owners of the invented GitHub repositories a proof of concept is linked to. */
  pocRepoOwners: choices(z.string().regex(/^[a-z0-9-]+$/)),
  /** Words left out of a brief's slug. */
  titleStopWords: choices(z.string().regex(/^[a-z]+$/)),
});

export type Category = z.infer<typeof categorySchema>;
export type BriefType = z.infer<typeof briefTypeSchema>;
export type Severity = z.infer<typeof severitySchema>;
export type ProductDef = z.infer<typeof productSchema>;
export type RealCve = z.infer<typeof cvesSchema>[number];
export type ActorRef = z.infer<typeof actorRefSchema>;
export type InventedNames = z.infer<typeof inventedNamesSchema>;
export type Step = z.infer<typeof stepSchema>;
/** A scenario as written in scenarios.json (actors may name groups). */
export type ScenarioData = z.infer<typeof scenarioSchema>;
export type Prose = z.infer<typeof proseSchema>;
export type Headings = z.infer<typeof headingsSchema>;
export type BriefDetails = z.infer<typeof briefDetailsSchema>;
