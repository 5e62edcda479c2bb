import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

// The OASIS STIX 2.1 JSON schemas from ../shared (absent in a fresh clone: callers skip then).
// Every file is added first, so the schemas' $ref URLs resolve locally and nothing is fetched.

// Looked for in a `shared/` beside each folder above the checkout, so a git worktree nested one
// level deeper (wt/NAME) finds the same copy as the main checkout.
function findSchemaDir(): string {
  const tail = 'shared/stix2-json-schemas/schemas';
  const first = path.resolve(import.meta.dirname, '../../..', tail);
  for (let dir = path.resolve(import.meta.dirname, '../../..'); ;) {
    const candidate = path.join(dir, tail);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return first;
    dir = parent;
  }
}

export const STIX_SCHEMA_DIR = findSchemaDir();

export const hasStixSchemas = existsSync(STIX_SCHEMA_DIR);

export interface StixValidator {
  /** Errors of the bundle against bundle.json and of every object against its type's schema. */
  validateBundle(bundle: unknown): string[];
  validateObject(object: { type?: unknown }): string[];
}

export function loadStixValidator(): StixValidator {
  // The schemas write `\-` in patterns, which a unicode-mode RegExp refuses.
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv);
  ajv.addFormat('idn-hostname', true); // only observables use it; none is written
  const byType = new Map<string, string>();
  for (const folder of readdirSync(STIX_SCHEMA_DIR)) {
    for (const file of readdirSync(path.join(STIX_SCHEMA_DIR, folder))) {
      if (!file.endsWith('.json')) continue;
      const schema = JSON.parse(readFileSync(path.join(STIX_SCHEMA_DIR, folder, file), 'utf8'));
      ajv.addSchema(schema);
      if (folder !== 'common' || ['bundle.json', 'marking-definition.json'].includes(file)) {
        byType.set(file.replace(/\.json$/, ''), schema.$id as string);
      }
    }
  }
  const compiled = new Map<string, ValidateFunction>();
  const validatorOf = (type: string) => {
    const id = byType.get(type);
    if (!id) return null;
    let fn = compiled.get(id);
    if (!fn) compiled.set(id, (fn = ajv.getSchema(id)!));
    return fn;
  };
  const errorsOf = (fn: ValidateFunction, value: unknown, label: string) =>
    fn(value) ? [] : (fn.errors ?? []).map((e) => `${label}${e.instancePath} ${e.message}`);
  const validateObject = (object: { type?: unknown; id?: unknown }) => {
    const fn = validatorOf(String(object.type));
    if (!fn) return [`${String(object.id)}: no schema for type ${String(object.type)}`];
    return errorsOf(fn, object, String(object.id));
  };
  return {
    validateObject,
    validateBundle(bundle) {
      const errors = errorsOf(validatorOf('bundle')!, bundle, 'bundle');
      const objects = (bundle as { objects?: { type?: unknown }[] }).objects ?? [];
      return [...errors, ...objects.flatMap(validateObject)];
    },
  };
}
