import { preflight } from '@/lib/api/export-response';
import { methodNotAllowed, taxiiError } from '@/lib/taxii/protocol';

export const dynamic = 'force-dynamic';

/** Any other address under the API root: a TAXII 404 in the spec's error shape, not a page. */
export async function GET(request: Request) {
  const path = new URL(request.url).pathname;
  return taxiiError(
    404,
    'Not Found',
    `No TAXII endpoint at ${JSON.stringify(path.slice(0, 200))}; see the API root's collections.`,
  );
}

export const OPTIONS = preflight;
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
