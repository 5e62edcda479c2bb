import { preflight } from '@/lib/api/export-response';
import { methodNotAllowed } from '@/lib/taxii/protocol';
import { getApiRoot } from '@/lib/taxii/handlers';

export const dynamic = 'force-dynamic';

/** The TAXII 2.1 API root. */
export async function GET(request: Request, ctx: { params: Promise<{ root: string }> }) {
  const { root } = await ctx.params;
  return getApiRoot(request, root);
}

export const OPTIONS = preflight;
// Read-only: every write method is refused with the spec's error body.
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
