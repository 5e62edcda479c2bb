import 'server-only';
import type { Validators } from '@/lib/api/export-response';

// RFC 9110 8.8.3: a strong ETag names one representation, and a gzip'd body is another one than
// the identity body. `next start` compresses answers on its own (gzip or deflate, when the client
// offers them and the body is large enough), after our handler has set the ETag and without
// touching it; so where the client accepts a compressing coding, the ETag is made weak. A weak
// tag is still compared by If-None-Match (weak comparison), so 304s keep working.

const COMPRESSING = new Set(['gzip', 'x-gzip', 'deflate', 'br', 'zstd', '*']);

/** Whether the request's Accept-Encoding lets the server answer with a compressed body. */
export function acceptsCompression(acceptEncoding: string | null): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((range) => {
    const [coding = '', ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return COMPRESSING.has(coding) && !(q !== undefined && Number(q.slice(2)) === 0);
  });
}

/** The validators for this request: the ETag weak where the body may be compressed. */
export function forContentCoding(request: Request, validators: Validators): Validators {
  if (!acceptsCompression(request.headers.get('accept-encoding'))) return validators;
  const etag = validators.etag.startsWith('W/') ? validators.etag : `W/${validators.etag}`;
  return { ...validators, etag };
}
