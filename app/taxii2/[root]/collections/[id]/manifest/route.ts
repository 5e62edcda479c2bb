import { preflight } from '@/lib/api/export-response';
import { methodNotAllowed } from '@/lib/taxii/protocol';
import { getObjects } from '@/lib/taxii/handlers';

export const dynamic = 'force-dynamic';

/** One page of the collection's manifest (added_after, limit/next, match[type|id|version|spec_version]). */
export async function GET(
  request: Request,
  ctx: { params: Promise<{ root: string; id: string }> },
) {
  const { root, id } = await ctx.params;
  return getObjects(request, root, id, 'manifest');
}

export const OPTIONS = preflight;
// Read-only: every write method is refused with the spec's error body.
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
