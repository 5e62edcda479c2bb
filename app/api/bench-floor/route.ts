import { readFile } from 'node:fs/promises';

// The benchmark's framework floor (scripts/bench.ts): the same bytes as a typical /api/briefs
// answer, read once from BENCH_FLOOR_FILE and returned as they are, so the gap between this
// route and /api/briefs is what our own query and serialisation cost. 404 unless the file is set;
// read from process.env here rather than lib/config.ts because it is a bench-only switch.

export const dynamic = 'force-dynamic';

let body: Promise<Uint8Array<ArrayBuffer>> | null = null;

export async function GET() {
  const file = process.env.BENCH_FLOOR_FILE;
  if (!file) return Response.json({ error: { message: 'Not found' } }, { status: 404 });
  body ??= readFile(file).then((b) => new Uint8Array(b));
  const bytes = await body.catch(() => null);
  if (!bytes) {
    body = null;
    return Response.json(
      { error: { message: `BENCH_FLOOR_FILE ${file} is not readable` } },
      { status: 500 },
    );
  }
  return new Response(bytes, {
    status: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}
