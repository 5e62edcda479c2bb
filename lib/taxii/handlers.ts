import 'server-only';
import { dataVersionOf } from '@/lib/api/export-response';
import { STIX_MEDIA_TYPE } from '@/lib/briefs/export/stix';
import { selectBriefs, toRequestOrigin } from '@/lib/briefs/select';
import { getServedFeed, type ServedFeed } from '@/lib/serving/served-feed';
import { getCveSignals } from '@/lib/signals/signal-store';
import { listCollections, toCollectionResource, type TaxiiCollection } from './collections';
import { noteServedBriefs } from './date-added';
import { collectionEntries, pageObjects, parseObjectsQuery } from './objects';
import { refuseUnacceptable, taxiiError, taxiiJson, TAXII_MEDIA_TYPE } from './protocol';

// The read-only TAXII 2.1 server: discovery, one API root, its collections, and each
// collection's objects and manifest. The route handlers under app/taxii2/ only call these.

export const API_ROOT = 'briefs';

async function context(request: Request) {
  const store = await getServedFeed();
  store.refreshIfDue();
  const origin = store.config.publicOrigin ?? toRequestOrigin(request);
  return { store, origin, collections: listCollections(store.config.taxiiCollections) };
}

/**
 * While a configured feed has not been read yet (the first crawl under way, or the upstream down
 * since the start with nothing stored), the dashboard shows the bundled demo with a banner; a TAXII
 * client has no banner and would file the demo's objects as intelligence, with date_added stamps
 * that keep them. So objects wait for the feed: 503 with Retry-After. With FEED_URL=offline the
 * demo is the data, and is served.
 */
function demoInsteadOfFeed(store: ServedFeed): Response | null {
  if (store.config.feedUrl === 'offline' || store.getSourceBlock().source !== 'bundled')
    return null;
  return taxiiError(
    503,
    'Service Unavailable',
    'The feed has not been read yet; only the bundled demo is loaded, and it is not served as intelligence. Try again later.',
    { 'retry-after': String(DEMO_RETRY_AFTER_SECONDS) },
  );
}

const DEMO_RETRY_AFTER_SECONDS = 30;

const rootUrl = (origin: string) => `${origin}/taxii2/${API_ROOT}/`;
const noSuchRoot = (root: string) =>
  taxiiError(
    404,
    'Not Found',
    `No API root ${JSON.stringify(root.slice(0, 100))}; the only one is ${API_ROOT}.`,
  );

export async function getDiscovery(request: Request): Promise<Response> {
  const refused = refuseUnacceptable(request);
  if (refused) return refused;
  const { origin } = await context(request);
  return taxiiJson(request, {
    title: 'CraftedSignal threat briefs',
    description: 'A read-only TAXII 2.1 server of the threat briefs this dashboard serves.',
    default: rootUrl(origin),
    api_roots: [rootUrl(origin)],
  });
}

export async function getApiRoot(request: Request, root: string): Promise<Response> {
  const refused = refuseUnacceptable(request);
  if (refused) return refused;
  if (root !== API_ROOT) return noSuchRoot(root);
  return taxiiJson(request, {
    title: 'Threat briefs',
    description: 'STIX 2.1 reports of the briefs, with their techniques, CVEs and actors.',
    versions: [TAXII_MEDIA_TYPE],
    // Nothing can be posted to this server.
    max_content_length: 0,
  });
}

export async function getCollections(request: Request, root: string): Promise<Response> {
  const refused = refuseUnacceptable(request);
  if (refused) return refused;
  if (root !== API_ROOT) return noSuchRoot(root);
  const { collections } = await context(request);
  return taxiiJson(request, { collections: collections.map(toCollectionResource) });
}

async function findCollection(
  request: Request,
  root: string,
  id: string,
): Promise<Response | { collection: TaxiiCollection; ctx: Awaited<ReturnType<typeof context>> }> {
  const refused = refuseUnacceptable(request);
  if (refused) return refused;
  if (root !== API_ROOT) return noSuchRoot(root);
  const ctx = await context(request);
  const collection = ctx.collections.find((c) => c.id === id);
  if (!collection)
    return taxiiError(404, 'Not Found', `No collection ${JSON.stringify(id.slice(0, 100))}.`);
  return { collection, ctx };
}

export async function getCollection(request: Request, root: string, id: string): Promise<Response> {
  const found = await findCollection(request, root, id);
  if (found instanceof Response) return found;
  return taxiiJson(request, toCollectionResource(found.collection));
}

type Endpoint =
  { kind: 'objects' | 'manifest' } | { kind: 'object' | 'versions'; objectId: string };

/**
 * The objects (an envelope), the manifest, one object (Get an Object, its versions as an envelope)
 * or one object's versions of a collection: one page of them (TAXII 2.1 sections 5.3 to 5.8).
 */
export async function getObjects(
  request: Request,
  root: string,
  id: string,
  endpoint: Endpoint | 'objects' | 'manifest',
): Promise<Response> {
  const which: Endpoint = typeof endpoint === 'string' ? { kind: endpoint } : endpoint;
  const found = await findCollection(request, root, id);
  if (found instanceof Response) return found;
  const objectId = 'objectId' in which ? which.objectId : null;
  const scope = `${found.collection.id}|${which.kind}|${objectId ?? ''}`;
  const parsed = parseObjectsQuery(new URL(request.url).searchParams, scope);
  if (!parsed.ok)
    return taxiiError(400, `Bad ${parsed.parameter}`, `${parsed.parameter} ${parsed.message}`);
  const { store, origin } = found.ctx;
  const demo = demoInsteadOfFeed(store);
  if (demo) return demo;
  const briefs = store.getBriefs();
  const data = dataVersionOf(briefs, store.getBodiesVersion(), store.getSourceBlock().fetchedAt);
  const stampDir = store.config.feedUrl === 'offline' ? null : store.config.cacheDir;
  noteServedBriefs(briefs, { dir: stampDir });
  await store.readyFor(found.collection.filter);
  const selection = selectBriefs(store, found.collection.filter, { sort: 'newest' });
  const extrasOf = (slug: string) => store.getBody(slug);
  let entries = collectionEntries(selection, stampDir, extrasOf, getCveSignals());
  if (objectId !== null) {
    entries = entries.filter((e) => e.object.id === objectId);
    if (entries.length === 0)
      return taxiiError(
        404,
        'Not Found',
        `No object ${JSON.stringify(objectId.slice(0, 100))} in collection ${found.collection.id}.`,
      );
  }
  const query = objectId !== null ? { ...parsed.query, ids: null } : parsed.query;
  if (which.kind === 'versions') query.versions = ['all'];
  const page = pageObjects(entries, query);
  const first = page.entries[0];
  const last = page.entries.at(-1);
  const paging = { more: page.more, ...(page.next ? { next: page.next } : {}) };
  let body: unknown;
  if (which.kind === 'versions') {
    body = { ...paging, ...(last ? { versions: page.entries.map((e) => e.object.modified) } : {}) };
  } else {
    const objects =
      which.kind === 'manifest'
        ? page.entries.map((e) => ({
            id: e.object.id,
            date_added: e.dateAdded,
            version: e.object.modified,
            media_type: STIX_MEDIA_TYPE,
          }))
        : page.entries.map((e) => e.object);
    body = { ...paging, ...(objects.length > 0 ? { objects } : {}) };
  }
  return taxiiJson(request, body, {
    origin,
    lastModified: data.modifiedAt,
    headers:
      first && last
        ? {
            'x-taxii-date-added-first': first.dateAdded,
            'x-taxii-date-added-last': last.dateAdded,
          }
        : {},
  });
}
