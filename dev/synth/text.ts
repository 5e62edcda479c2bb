// Text helpers shared by the generator: the feed's slug rule, upstream-style JSON, timestamps,
// HTML escaping and the templates' inline markup.

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

/** Serialise like the upstream (Go's encoding/json): `<`, `>` and `&` escaped as \u003c, \u003e, \u0026. */
export function toGoJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

/** An ISO 8601 instant truncated to the minute, without milliseconds, as the upstream writes dates. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 60_000) * 60_000).toISOString().replace('.000Z', 'Z');
}

/** Escaped for HTML text content. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped for a double-quoted attribute value. */
export function escapeAttr(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

/** Escaped inside <code>, quotes included, as Hugo's Goldmark writes code. */
export function escapeCode(text: string): string {
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

/** The first letter upper-cased if it is a lower-case ASCII letter. */
export function capitalise(text: string): string {
  const c = text.charCodeAt(0);
  return c >= 97 && c <= 122 ? String.fromCharCode(c - 32) + text.slice(1) : text;
}
