// Upstream text may hold lone UTF-16 surrogates (`"A\ud800"` is valid JSON). They break whatever
// encodes text as UTF-8 strictly (encodeURIComponent throws URIError), so ingest replaces each
// with U+FFFD, as String.prototype.toWellFormed does (Node 20 does not have it).

const LONE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const HAS_LONE_SURROGATE = new RegExp(LONE);
const LONE_SURROGATES = new RegExp(LONE, 'g');

/** `text` with every lone surrogate replaced by U+FFFD. */
export function toWellFormed(text: string): string {
  return HAS_LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, '\uFFFD') : text;
}

/**
 * A copy of a parsed JSON value with every string (keys too) well-formed; values that need no
 * change are returned as they are. Call it only on JSON within the ingest depth cap: it recurses.
 */
export function wellFormedJson(value: unknown): unknown {
  if (typeof value === 'string') return toWellFormed(value);
  if (Array.isArray(value)) return value.map(wellFormedJson);
  if (typeof value === 'object' && value !== null) {
    // fromEntries defines own properties: a `__proto__` key stays a key.
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [toWellFormed(key), wellFormedJson(inner)]),
    );
  }
  return value;
}
