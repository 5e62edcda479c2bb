import { preflight } from '@/lib/api/export-response';
import { methodNotAllowed } from '@/lib/taxii/protocol';
import { getObjects } from '@/lib/taxii/handlers';

export const dynamic = 'force-dynamic';

/** Get an Object: its versions as an envelope (added_after, limit/next, match[version|spec_version]). */
export async function GET(
  request: Request,
  ctx: { params: Promise<{ root: string; id: string; objectId: string }> },
) {
  const { root, id, objectId } = await ctx.params;
  return getObjects(request, root, id, { kind: 'object', objectId });
}

export const OPTIONS = preflight;
// Read-only: every write method (Delete an Object included) is refused with the spec's error body.
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
