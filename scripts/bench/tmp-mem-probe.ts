import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { getStatus, startBenchApp, stopBenchApp, watchIngest, ROOT } from '@/dev/load/app';
import { buildFeed, startFeedUpstream } from '@/dev/load/feed';
import { readVm } from '@/dev/load/proc';
const COUNT = Number(process.argv[2] ?? 10_000);
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
const feed = buildFeed(COUNT);
const upstream = await startFeedUpstream(feed);
const a = await startBenchApp(upstream.feedUrl, { NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 ${process.env.EXTRA ?? ''}` });
const t = setInterval(() => {
  try { if (!process.env.QUIET) console.log('rss', mb(readVm(a.pid, 'VmRSS')), 'anon', mb(readVm(a.pid, 'RssAnon')), 'hwm', mb(readVm(a.pid, 'VmHWM'))); } catch {}
}, 2000);
const ing = await watchIngest(a, COUNT, 20 * 60_000);
clearInterval(t);
console.log('served', ing.servedMs, 'peak', mb(ing.peakRss), 'anon', mb(readVm(a.pid, 'RssAnon')), 'file', mb(readVm(a.pid, 'RssFile')), 'db', mb(statSync(`${a.cacheDir}/brief-store/data.mdb`).size));
{ const sm = readFileSync(`/proc/${a.pid}/smaps`, 'utf8').split('\n'); let cur = ''; const agg = new Map<string, number>(); for (const l of sm) { const m = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(l); if (m) { cur = m[1] || '[anon]'; continue; } const r = /^Rss:\s+(\d+) kB/.exec(l); if (r) agg.set(cur, (agg.get(cur) ?? 0) + Number(r[1])); } console.log([...agg].sort((x, y) => y[1] - x[1]).slice(0, 8).map(([k, v]) => `${(v / 1024).toFixed(0)} MB ${k}`).join('\n')); }
if (process.env.GCLOG) writeFileSync(process.env.GCLOG, a.app.output());
if (process.env.NOSNAP) { await stopBenchApp(a); await upstream.close(); process.exit(0); }
await new Promise((r) => setTimeout(r, 3000));
const before = new Set(readdirSync(ROOT));
process.kill(a.pid, 'SIGUSR2');
for (let i = 0; i < 120; i++) {
  await new Promise((r) => setTimeout(r, 1000));
  const f = readdirSync(ROOT).find((n) => !before.has(n) && n.endsWith('.heapsnapshot'));
  if (f) { let s = -1; for(;;){ await new Promise((r) => setTimeout(r, 1000)); const n = statSync(`${ROOT}/${f}`).size; if (n===s) break; s=n;} console.log('snapshot', f); break; }
}
console.log('after snapshot anon', mb(readVm(a.pid, 'RssAnon')), (await getStatus(a.app.url)).briefs);
await stopBenchApp(a);
await upstream.close();
