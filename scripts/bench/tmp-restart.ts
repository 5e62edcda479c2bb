import { getStatus, startBenchApp, stopBenchApp, watchIngest } from '@/dev/load/app';
import { buildFeed, startFeedUpstream } from '@/dev/load/feed';
const COUNT = Number(process.argv[2] ?? 10_000);
const upstream = await startFeedUpstream(buildFeed(COUNT));
const first = await startBenchApp(upstream.feedUrl);
await watchIngest(first, COUNT, 20 * 60_000);
await stopBenchApp(first, { keepCache: true });
upstream.fault('down');
for (let i = 0; i < 3; i++) {
  const b = await startBenchApp(upstream.feedUrl, { CACHE_DIR: first.cacheDir, ...(i === 2 && process.env.PROF ? { NODE_OPTIONS: '--require /tmp/prof.cjs' } : {}) });
  const ready = performance.now() - b.spawnedAt;
  for (;;) { const s = await getStatus(b.app.url); if (s.source === 'disk' && s.briefs === COUNT) break; await new Promise((r) => setTimeout(r, 20)); }
  console.log(`restart ${i}: listening ${(ready / 1000).toFixed(2)} s, served ${((performance.now() - b.spawnedAt) / 1000).toFixed(2)} s`);
  if (i === 2 && process.env.PROF) { process.kill(b.pid, 'SIGUSR2'); await new Promise((r) => setTimeout(r, 3000)); }
  await stopBenchApp(b, { keepCache: true });
}
await upstream.close();
