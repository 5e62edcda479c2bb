import { preflight } from '@/lib/api/export-response';
import { methodNotAllowed } from '@/lib/taxii/protocol';
import { getDiscovery } from '@/lib/taxii/handlers';

export const dynamic = 'force-dynamic';

/** TAXII 2.1 discovery. */
export const GET = getDiscovery;

export const OPTIONS = preflight;
// Read-only: every write method is refused with the spec's error body.
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
