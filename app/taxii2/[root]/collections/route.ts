import { preflight } from '@/lib/api/export-response';
import { methodNotAllowed } from '@/lib/taxii/protocol';
import { getCollections } from '@/lib/taxii/handlers';

export const dynamic = 'force-dynamic';

/** The API root's collections. */
export async function GET(request: Request, ctx: { params: Promise<{ root: string }> }) {
  const { root } = await ctx.params;
  return getCollections(request, root);
}

export const OPTIONS = preflight;
// Read-only: every write method is refused with the spec's error body.
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
