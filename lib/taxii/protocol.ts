import 'server-only';
import { createHash } from 'node:crypto';
import { forContentCoding } from '@/lib/api/content-coding';
import {
  CORS_HEADERS,
  EXPORT_CACHE_CONTROL,
  isNotModified,
  notModified,
} from '@/lib/api/export-response';
import { fillOrigin } from '@/lib/briefs/export/origin-slot';

// TAXII 2.1 (OASIS, 2021) on the wire: its media type, Accept negotiation, the error body of
// section 3.6.1, and conditional answers. Every answer varies with Accept.

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

export interface TaxiiError {
  title: string;
  description?: string;
  http_status: string;
}

/** A TAXII answer: its JSON, and the request's validators (a strong ETag of the bytes). */
export function taxiiJson(
  request: Request,
  body: unknown,
  opts: { lastModified?: Date; headers?: Record<string, string>; origin?: string } = {},
): Response {
  // Objects are cached with a stand-in origin (origin-slot.ts): the request's is filled in here.
  const json = JSON.stringify(body);
  const text = opts.origin === undefined ? json : fillOrigin(json, opts.origin);
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
  const lastModified = (opts.lastModified ?? new Date(0)).toUTCString();
  const validators = forContentCoding(request, { etag, lastModified });
  if (isNotModified(request, validators)) return notModified(validators, 'Accept');
  return new Response(text, {
    status: 200,
    headers: {
      ...CORS_HEADERS,
      'content-type': TAXII_MEDIA_TYPE,
      etag: validators.etag,
      'last-modified': lastModified,
      'cache-control': EXPORT_CACHE_CONTROL,
      vary: 'Accept',
      ...opts.headers,
    },
  });
}

export function taxiiError(
  status: number,
  title: string,
  description?: string,
  headers: Record<string, string> = {},
): Response {
  const body: TaxiiError = {
    title,
    ...(description ? { description } : {}),
    http_status: String(status),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      ...CORS_HEADERS,
      'content-type': TAXII_MEDIA_TYPE,
      'cache-control': 'no-store',
      vary: 'Accept',
      ...(status === 405 ? { allow: 'GET, HEAD, OPTIONS' } : {}),
      ...headers,
    },
  });
}

/**
 * Whether the client takes TAXII 2.1 JSON: no Accept at all, `*` ranges, or
 * `application/taxii+json` without a version or with version=2.1 (and a q above 0).
 */
export function acceptsTaxii(accept: string | null): boolean {
  if (accept === null || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const values = new Map(
      params.map((p) => {
        const [name = '', value = ''] = p.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
        return [name, value] as const;
      }),
    );
    if (values.get('q') !== undefined && Number(values.get('q')) === 0) return false;
    if (type === '*/*' || type === 'application/*') return true;
    if (type !== 'application/taxii+json') return false;
    const version = values.get('version');
    return version === undefined || version === '2.1';
  });
}

/** 406 unless the request accepts TAXII 2.1; null when it does. */
export function refuseUnacceptable(request: Request): Response | null {
  return acceptsTaxii(request.headers.get('accept'))
    ? null
    : taxiiError(
        406,
        'Not Acceptable',
        `This server answers only ${TAXII_MEDIA_TYPE}; the request's Accept was ${JSON.stringify(request.headers.get('accept'))}.`,
      );
}

/** For every write method: the server is read-only. */
export function methodNotAllowed(): Response {
  return taxiiError(
    405,
    'Method Not Allowed',
    'This TAXII server is read-only: GET and HEAD only.',
  );
}
