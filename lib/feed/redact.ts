import 'server-only';
// Upstream and Redis URLs may carry secrets (`https://user:pass@host/feed.json?api_key=...`).
// Everything that shows a URL — /api/status, the pages that embed it, logs — goes through here.

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/** The URL without credentials, query string or fragment; the path stays (it names the page). */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(unparsable URL)';
  }
  // Marked, not just dropped, so a reader can tell the configured URL had a query or credentials.
  if (parsed.username || parsed.password) parsed.username = 'redacted';
  parsed.password = '';
  if (parsed.search) parsed.search = '?redacted';
  parsed.hash = '';
  return parsed.toString();
}

/** Every URL inside a message (an error naming the page it failed on) redacted. */
export function redactUrlsIn(text: string): string;
export function redactUrlsIn(text: string | null): string | null;
export function redactUrlsIn(text: string | null): string | null {
  if (text === null) return null;
  return text.replace(URL_IN_TEXT, (match) => {
    // A sentence's trailing punctuation is not part of the URL.
    const trail = /[.,;:)\]]+$/.exec(match)?.[0] ?? '';
    return redactUrl(match.slice(0, match.length - trail.length)) + trail;
  });
}
