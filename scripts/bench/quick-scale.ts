import { getStatus, startBenchApp, stopBenchApp, watchIngest } from '@/dev/load/app';
import { buildFeed, startFeedUpstream } from '@/dev/load/feed';
import { readVm } from '@/dev/load/proc';

// npx tsx scripts/bench/quick-scale.ts [count]: the figures of issue 12 that a short run can give
// (not `npm run bench`): cold ingest time and peak RSS of next-server, response and HTML sizes,
// restart time with the upstream down. Prints one line per figure.

const COUNT = Number(process.argv[2] ?? 10_000);
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

async function size(url: string): Promise<number> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return (await res.arrayBuffer()).byteLength;
}

const feed = buildFeed(COUNT);
const upstream = await startFeedUpstream(feed);
const first = await startBenchApp(upstream.feedUrl);
try {
  // Time to the first 100 real briefs (a first start serves each page as it is normalised).
  let firstMs = NaN;
  for (let deadline = Date.now() + 10 * 60_000; Date.now() < deadline;) {
    const s = await getStatus(first.app.url).catch(() => null);
    if (s && s.source === 'upstream' && s.briefs >= 100) {
      firstMs = performance.now() - first.spawnedAt;
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  console.log(`first 100 briefs served ${(firstMs / 1000).toFixed(2)} s after spawn`);
  const ingest = await watchIngest(first, COUNT, 20 * 60_000);
  console.log(
    `${COUNT} briefs: served after ${(ingest.servedMs / 1000).toFixed(2)} s, settled ${(ingest.settledMs / 1000).toFixed(2)} s`,
  );
  console.log(`peak RSS (VmHWM) after ingest ${mb(ingest.peakRss)}, RSS ${mb(ingest.rssAfter)}`);
  // RssFile is the brief store's memory-mapped pages the process has read: the kernel can drop
  // them under pressure, unlike RssAnon (the heap and everything else the process allocated).
  console.log(
    `RSS split now: anonymous ${mb(readVm(first.pid, 'RssAnon'))}, file-backed ${mb(readVm(first.pid, 'RssFile'))}`,
  );
  const { url } = first.app;
  console.log(`/api/briefs unfiltered: ${kb(await size(`${url}/api/briefs`))}`);
  console.log(`/api/briefs page 150: ${kb(await size(`${url}/api/briefs?page=150`))}`);
  const html = await (await fetch(`${url}/`)).text();
  console.log(
    `/ HTML: ${kb(Buffer.byteLength(html))}, ${(html.match(/<input/g) ?? []).length} inputs`,
  );
  const top = (await (await fetch(`${url}/api/briefs?pageSize=1`)).json()) as {
    items: { slug: string }[];
  };
  console.log(`/briefs/{slug} HTML: ${kb(await size(`${url}/briefs/${top.items[0]!.slug}`))}`);
  console.log(`peak RSS after the size checks ${mb(readVm(first.pid, 'VmHWM'))}`);
} finally {
  await stopBenchApp(first, { keepCache: true });
}
upstream.fault('down');
const second = await startBenchApp(upstream.feedUrl, { CACHE_DIR: first.cacheDir });
try {
  for (;;) {
    const s = await getStatus(second.app.url);
    if (s.source === 'disk' && s.briefs === COUNT) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const servedMs = performance.now() - second.spawnedAt;
  const s = await getStatus(second.app.url);
  console.log(
    `restart, upstream down: ${COUNT} served ${(servedMs / 1000).toFixed(2)} s after spawn, ${s.normalizedItems} items normalised, RSS ${mb(readVm(second.pid, 'VmRSS'))}`,
  );
} finally {
  await stopBenchApp(second);
  await upstream.close();
}
