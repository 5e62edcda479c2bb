import { preflight, withCors } from '@/lib/api/export-response';
import { toBriefApiDetail } from '@/lib/api/brief-detail';
import { jsonError, jsonOk } from '@/lib/api/responses';
import { briefSlugParam } from '@/lib/api/slug-param';
import { getServedFeed } from '@/lib/serving/served-feed';
import { apiSignalFields } from '@/lib/signals/export-fields';
import { getCveSignals } from '@/lib/signals/signal-store';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  const { slug: raw } = await ctx.params;
  const slug = briefSlugParam(raw);
  if (slug === null) return jsonError(400, 'The slug is not valid percent-encoding', 'slug');
  const store = await getServedFeed();
  const brief = store.getBrief(slug);
  if (!brief) return withCors(jsonError(404, `No brief with slug "${slug.slice(0, 200)}"`));
  const ids = brief.cves.map((cve) => cve.id);
  return withCors(jsonOk({ ...toBriefApiDetail(brief), ...apiSignalFields(ids, getCveSignals()) }));
}

export const OPTIONS = preflight;
