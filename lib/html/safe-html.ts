import { sanitizeHtml, SANITIZE_SCHEMA } from '@/lib/html/sanitize';

// Checked at render time: brief HTML reaches a page only when every tag and attribute in it is on
// the sanitiser's allow-list. HTML from this instance's own ingest always is; HTML from anywhere
// else (a shared snapshot someone wrote into Redis, a hand-edited disk file) that is not, is
// sanitised again here before it is rendered. The check is one pass over the string, without
// building a tree: the sanitiser's serialiser escapes every `<` in text, so each `<` followed by a
// letter is a tag, and anything this simple reader does not understand counts as "not allowed".

const TAGS = new Set(SANITIZE_SCHEMA.tagNames);
/** The attributes the sanitiser keeps, plus what its link pass adds. */
const ATTRIBUTES: Record<string, Set<string>> = {
  a: new Set(['href', 'title', 'rel', 'target']),
  ol: new Set(['start']),
  th: new Set(['align']),
  td: new Set(['align']),
  ...Object.fromEntries(['h2', 'h3', 'h4', 'h5', 'h6'].map((h) => [h, new Set(['id'])])),
};
const SAFE_HREF = /^(?:https?:|mailto:|#)/i;
const NAME = /[a-z0-9]/;

/** True when the HTML holds only allow-listed elements and attributes (and safe link targets). */
export function isAllowListedHtml(html: string): boolean {
  const lower = html.toLowerCase();
  let i = lower.indexOf('<');
  while (i >= 0) {
    let j = i + 1;
    const closing = lower[j] === '/';
    if (closing) j++;
    // `<!`, `<?` (comments, doctypes, processing instructions) are never in sanitised output.
    if (!/[a-z]/.test(lower[j] ?? '')) {
      if (lower[j] === '!' || lower[j] === '?' || closing) return false;
      i = lower.indexOf('<', j);
      continue;
    }
    const start = j;
    while (j < lower.length && NAME.test(lower[j]!)) j++;
    const tag = lower.slice(start, j);
    if (!TAGS.has(tag)) return false;
    const end = readAttributes(
      html,
      lower,
      j,
      closing ? new Set() : (ATTRIBUTES[tag] ?? new Set()),
    );
    if (end < 0) return false;
    i = lower.indexOf('<', end);
  }
  return true;
}

/** Reads a start tag's attributes from `j`; the index after its `>`, or -1 if any is not allowed. */
function readAttributes(html: string, lower: string, j: number, allowed: Set<string>): number {
  for (;;) {
    while (j < lower.length && /\s/.test(lower[j]!)) j++;
    if (lower[j] === '>') return j + 1;
    if (lower[j] === '/' && lower[j + 1] === '>') return j + 2;
    const nameStart = j;
    while (j < lower.length && /[a-z-]/.test(lower[j]!)) j++;
    const name = lower.slice(nameStart, j);
    if (!name || !allowed.has(name)) return -1;
    if (lower[j] !== '=') continue;
    const quote = lower[j + 1];
    if (quote !== '"' && quote !== "'") return -1;
    const close = lower.indexOf(quote, j + 2);
    if (close < 0) return -1;
    const value = html.slice(j + 2, close);
    if (name === 'href' && !isSafeHref(value)) return -1;
    j = close + 1;
  }
}

const NAMED: Record<string, string> = { amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" };

/**
 * The href as the browser will read it: character references decoded (the serialiser writes
 * `&#x26;` for `&`; any other named reference, such as `&colon;`, is refused), tabs and newlines
 * removed and leading controls trimmed as the URL parser does, then only http(s), mailto and `#`.
 */
function isSafeHref(value: string): boolean {
  let unknown = false;
  const decoded = value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (_m, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '\uFFFD';
    }
    const named = NAMED[ref.toLowerCase()];
    if (named === undefined) unknown = true;
    return named ?? '';
  });
  if (unknown) return false;
  const url = decoded.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  return SAFE_HREF.test(url);
}

/** Bigger than any body ingest keeps (LIMITS.contentHtml is 500 kB): what is beyond is not rendered. */
const MAX_RENDERED_CHARS = 1_000_000;

/** The HTML as it may be rendered: as is when allow-listed, else sanitised again. */
export function renderableHtml(html: string): string {
  if (html.length <= MAX_RENDERED_CHARS && isAllowListedHtml(html)) return html;
  return sanitizeHtml(html.slice(0, MAX_RENDERED_CHARS)).html;
}
