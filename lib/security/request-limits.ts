// Caps on a request's query, checked on the raw URL string before anything parses it. The real
// dashboard's longest links (every facet of a view ticked) stay far below both. Measured in
// docs/reliability.md: 5,300 `z=` parameters cost 942 ms on `/` before these caps.

/** Characters after `?`. More is 414 URI Too Long. */
export const MAX_QUERY_LENGTH = 4096;
/** `&`-separated parameters. More is 400 naming the query. */
export const MAX_QUERY_PARAMETERS = 256;

export type QueryVerdict = { ok: true } | { ok: false; status: 400 | 414; message: string };

/** Counts without splitting, decoding or allocating: one pass over the query's characters. */
export function checkQuery(rawUrl: string): QueryVerdict {
  const start = rawUrl.indexOf('?');
  if (start < 0) return { ok: true };
  const hash = rawUrl.indexOf('#', start);
  const end = hash < 0 ? rawUrl.length : hash;
  const length = end - start - 1;
  if (length > MAX_QUERY_LENGTH) {
    return {
      ok: false,
      status: 414,
      message: `The query string is ${length} characters long; at most ${MAX_QUERY_LENGTH} are read`,
    };
  }
  let parameters = length > 0 ? 1 : 0;
  for (let i = start + 1; i < end; i++) if (rawUrl.charCodeAt(i) === 38 /* & */) parameters++;
  if (parameters > MAX_QUERY_PARAMETERS) {
    return {
      ok: false,
      status: 400,
      message: `The query has ${parameters} parameters; at most ${MAX_QUERY_PARAMETERS} are read`,
    };
  }
  return { ok: true };
}

/** A path whose percent-encoding does not decode (`%ZZ`, a lone `%`, overlong UTF-8 `%C0%AE`). */
export function hasMalformedPercentEncoding(pathname: string): boolean {
  if (!pathname.includes('%')) return false;
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}
