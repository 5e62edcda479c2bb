// Runs once when the server starts: installs the request guard, validates the environment and
// starts the feed refresh, so data is warm before the first visitor and a bad variable stops the
// server with a clear message.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Before the first request: refuses TRACE and oversized queries ahead of Next.js.
  (await import('./lib/security/node-guard')).installNodeGuard();
  const { startFeed } = await import('@/lib/serving/start');
  await startFeed();
}
