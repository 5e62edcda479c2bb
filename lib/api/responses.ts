import 'server-only';
import type { FilterError } from '@/lib/briefs/filter/types';

// Every API error is JSON with a real status, never a 200 with an error inside.

const NO_STORE = { 'cache-control': 'no-store' };

export function jsonOk(body: unknown, init?: { headers?: Record<string, string> }): Response {
  return Response.json(body, { status: 200, headers: { ...NO_STORE, ...init?.headers } });
}

/** An answer already encoded as JSON bytes (see list-body.ts). */
export function jsonBytesOk(bytes: Buffer): Response {
  // Node Buffers are ArrayBuffer-backed; the cast only narrows ArrayBufferLike for the DOM types.
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: { 'content-type': 'application/json', ...NO_STORE },
  });
}

export function jsonError(status: number, message: string, parameter?: string): Response {
  const error: Partial<FilterError> & { message: string } = parameter
    ? { parameter, message }
    : { message };
  return Response.json({ error }, { status, headers: NO_STORE });
}

export function badRequest(error: FilterError): Response {
  return jsonError(400, error.message, error.parameter);
}
