import 'server-only';
import { metrics, registerDataAge } from './metrics';

// Small recorders the serving layer calls at the points where something happens, so its own code
// changes by a line each: Redis publishes and adoptions, the text index's build time, the age of
// each upstream's data.

/** Counts a publish to Redis by its outcome and passes its answer on (false when it threw). */
export async function recordPublish(publishing: Promise<boolean>): Promise<boolean> {
  const published = await publishing.catch(() => null);
  const outcome = published === null ? 'failed' : published ? 'published' : 'superseded';
  metrics().redisPublishes.inc({ outcome });
  return published === true;
}

/** A shared snapshot was served here (adopted) or given up (refused, or Redis failed mid-read). */
export function recordAdoption(outcome: 'adopted' | 'refused'): void {
  metrics().redisAdoptions.inc({ outcome });
}

interface TextIndexed {
  textReady(): boolean;
  prepareText(): Promise<void>;
}

/** prepareText, its wall time observed when it builds the index (not when it is built already). */
export async function timeTextIndex(index: TextIndexed): Promise<void> {
  if (index.textReady()) return;
  const startedAt = performance.now();
  await index.prepareText();
  metrics().textIndexBuild.observe((performance.now() - startedAt) / 1000);
}

type When = string | number | null;

const toMs = (when: When): number | null => {
  const ms = typeof when === 'string' ? Date.parse(when) : (when ?? NaN);
  return Number.isFinite(ms) ? ms : null;
};

/** The feed's, the STIX bundle's and the ATT&CK catalog's data ages (ISO or ms, read at scrape). */
export function registerFeedDataAges(lastGood: {
  feed: () => When;
  stix: () => When;
  attack: () => When;
}): void {
  registerDataAge('feed', () => toMs(lastGood.feed()));
  registerDataAge('stix', () => toMs(lastGood.stix()));
  registerDataAge('attack_catalog', () => toMs(lastGood.attack()));
}
