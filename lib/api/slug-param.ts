import 'server-only';
import { normalizeSlug } from '@/lib/briefs/brief-slug';

/**
 * A `[slug]` route parameter as the store keys briefs: percent-decoded when it still is encoded
 * (`zz-unicode-%C3%BC`), NFC-normalised and lower-cased. null when it does not decode; the proxy
 * answers such paths with 400 before any route runs, this is the route's own guard.
 */
export function briefSlugParam(raw: string): string | null {
  let slug = raw;
  if (slug.includes('%')) {
    try {
      slug = decodeURIComponent(slug);
    } catch {
      return null;
    }
  }
  return normalizeSlug(slug);
}
