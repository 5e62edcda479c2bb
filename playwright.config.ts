import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';

// Browser tests run the production build against local upstream stand-ins: two serving the
// `basic` fixture (one of them for the status banner's states), one serving the `hostile`
// (XSS corpus) fixture; and one app with no upstream at all. Ports are fixed so specs can
// reach each app and its upstream's control endpoint.
export const E2E = {
  basic: { app: 'http://127.0.0.1:3100', upstream: 'http://127.0.0.1:4010' },
  hostile: { app: 'http://127.0.0.1:3101', upstream: 'http://127.0.0.1:4011' },
  /** Refreshes every 2 s from an upstream whose every response takes a while when told to be slow. */
  status: { app: 'http://127.0.0.1:3102', upstream: 'http://127.0.0.1:4012' },
  /** FEED_URL=offline: the bundled demo snapshot only. */
  offline: { app: 'http://127.0.0.1:3103' },
} as const;

const appEnv = (upstream: string, name: string) => ({
  FEED_URL: `${upstream}/feed.json`,
  ATTACK_URL: 'off',
  CACHE_DIR: `.cache/e2e-${name}-${process.pid}`,
  FEED_REFRESH_SECONDS: '3600',
  FEED_TIMEOUT_MS: '5000',
});

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.PW_JSON_REPORT
    ? [['list'], ['json', { outputFile: process.env.PW_JSON_REPORT }]]
    : [['list']],
  use: {
    baseURL: E2E.basic.app,
    trace: 'off',
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: [
    {
      command: 'node --import tsx test/upstream/server.ts --port 4010 --fixture basic',
      url: `${E2E.basic.upstream}/feed.json`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: 'node --import tsx test/upstream/server.ts --port 4011 --fixture hostile',
      url: `${E2E.hostile.upstream}/feed.json`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: 'node --import tsx test/upstream/server.ts --port 4012 --fixture basic --slow-ms 4000',
      url: `${E2E.status.upstream}/feed.json`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: 'node scripts/start.mjs',
      url: `${E2E.basic.app}/api/status`,
      env: { ...appEnv(E2E.basic.upstream, 'basic'), PORT: '3100' },
      reuseExistingServer: false,
      timeout: 180_000,
    },
    {
      command: 'node scripts/start.mjs',
      url: `${E2E.hostile.app}/api/status`,
      env: { ...appEnv(E2E.hostile.upstream, 'hostile'), PORT: '3101' },
      reuseExistingServer: false,
      timeout: 180_000,
    },
    {
      command: 'node scripts/start.mjs',
      url: `${E2E.status.app}/api/status`,
      env: { ...appEnv(E2E.status.upstream, 'status'), FEED_REFRESH_SECONDS: '2', PORT: '3102' },
      reuseExistingServer: false,
      timeout: 180_000,
    },
    {
      command: 'node scripts/start.mjs',
      url: `${E2E.offline.app}/api/status`,
      env: { ...appEnv('offline', 'offline'), FEED_URL: 'offline', PORT: '3103' },
      reuseExistingServer: false,
      timeout: 180_000,
    },
  ],
});
