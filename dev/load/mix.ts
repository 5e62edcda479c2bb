import type { BenchFeed } from './feed';
import type { LoadTarget } from './http-load';
import { listPagePaths } from './scenarios';

// The traffic of the load and soak tests: what visitors and API clients ask for, in proportion,
// including paths that must answer 404.

const is404 = (status: number) => status === 404;

/**
 * `stableSlugs` must be served by every feed version the run switches between, so a brief page
 * never turns into a 404 because the feed changed under it.
 */
export function trafficMix(
  feed: BenchFeed,
  stableSlugs: readonly string[],
  size = 400,
): LoadTarget[] {
  const lists = listPagePaths(feed, size);
  const pick = <T>(values: readonly T[], i: number): T => values[i % values.length] as T;
  const targets: LoadTarget[] = [];
  for (let i = 0; i < size; i++) {
    // Weights out of 20: list pages 6, brief pages 5, list API 5, brief API 2, status 1, 404 1.
    const slot = i % 20;
    const vendor = encodeURIComponent(pick(feed.vendors, i));
    if (slot < 6) targets.push({ category: 'list page', path: pick(lists, i) });
    else if (slot < 11)
      targets.push({ category: 'brief page', path: `/briefs/${pick(stableSlugs, i * 7)}` });
    else if (slot < 16) {
      const q = i % 3 === 0 ? `q=${encodeURIComponent(pick(feed.words, i))}&` : '';
      targets.push({
        category: 'list API',
        path: `/api/briefs?${q}vendor=${vendor}${i % 2 ? '&severity=high' : ''}`,
      });
    } else if (slot < 18)
      targets.push({ category: 'brief API', path: `/api/briefs/${pick(stableSlugs, i * 11)}` });
    else if (slot < 19) targets.push({ category: 'status API', path: '/api/status' });
    else if (i % 40 === 19)
      targets.push({ category: 'intended 404', path: `/briefs/no-such-brief-${i}`, expect: is404 });
    else
      targets.push({
        category: 'intended 404',
        path: `/api/briefs/no-such-brief-${i}`,
        expect: is404,
      });
  }
  return targets;
}
