import type { Rng } from './random';
import { capitalise, escapeHtml, inlineToHtml } from './text';

// Filling the scenario templates: placeholders such as {P} take the brief's values, {T:T1234} may
// become a written technique mention. Templates are compiled once and memoised, since 10,000
// briefs reuse a few hundred of them.

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
export function inlineHtmlCached(text: string): string {
  let html = inlineCache.get(text);
  if (html === undefined) {
    html = inlineToHtml(text);
    if (inlineCache.size > 50_000) inlineCache.clear();
    inlineCache.set(text, html);
  }
  return html;
}

/** The values a brief's templates are filled with, by placeholder name (P, V, A, CVE, ...). */
export type TemplateValues = Record<string, string>;

export interface TemplateFiller {
  /** Plain text (title, summary). */
  fill(template: string): string;
  /** Body HTML, rendered from the template's inline markup. */
  fillHtml(template: string): string;
  /** The technique ids written into the text so far. */
  readonly mentioned: Set<string>;
}

/**
 * A filler for one brief. With `mentions`, each {T:...} is written as ` (T1234)` with a chance of
 * 0.6, drawn from `rng` at the point of filling (so the order of fills is part of the output).
 */
export function templateFiller(rng: Rng, ctx: TemplateValues, mentions: boolean): TemplateFiller {
  const mentioned = new Set<string>();
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
  return {
    fill: (template) => fillParts(compileTemplate(template), false),
    fillHtml: (template) => capitalise(fillParts(compileHtmlTemplate(template), true)),
    mentioned,
  };
}
