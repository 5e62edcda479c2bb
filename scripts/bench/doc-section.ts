import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { ROOT } from '@/dev/load/app';

// One bench section of docs/benchmarks.md between its own markers, rewritten alone (`--only`)
// while the rest of the file stays, and kept in .bench/<id>.json so the full run, which renders
// the whole file again, and `--render` can put it back without measuring again.

const DOC = path.join(ROOT, 'docs/benchmarks.md');
const begin = (id: string) => `<!-- bench:${id} -->`;
const end = (id: string) => `<!-- /bench:${id} -->`;

/**
 * `doc` with section `id` replaced by `markdown`; a new section goes before `## Targets` (after
 * the sections already there), or at the end when there is no such heading.
 */
export function spliceSection(doc: string, id: string, markdown: string): string {
  const block = `${begin(id)}\n\n${markdown.trim()}\n\n${end(id)}`;
  const from = doc.indexOf(begin(id));
  const to = doc.indexOf(end(id));
  if (from >= 0 && to > from) return doc.slice(0, from) + block + doc.slice(to + end(id).length);
  const at = doc.indexOf('\n## Targets');
  return at < 0
    ? `${doc.trimEnd()}\n\n${block}\n`
    : `${doc.slice(0, at + 1)}${block}\n\n${doc.slice(at + 1)}`;
}

export async function writeDocSection(id: string, markdown: string): Promise<void> {
  const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Benchmarks\n';
  const config = (await prettier.resolveConfig(DOC)) ?? {};
  const next = spliceSection(doc, id, markdown);
  writeFileSync(DOC, await prettier.format(next, { ...config, filepath: DOC }));
}

const saved = (id: string) => path.join(ROOT, '.bench', `${id}.json`);

export function saveSection<T>(id: string, result: T): void {
  mkdirSync(path.dirname(saved(id)), { recursive: true });
  writeFileSync(saved(id), JSON.stringify(result));
}

export function loadSection<T>(id: string): T | null {
  return existsSync(saved(id)) ? (JSON.parse(readFileSync(saved(id), 'utf8')) as T) : null;
}
