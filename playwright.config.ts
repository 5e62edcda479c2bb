import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';

// Browser tests run the production build against local upstream stand-ins: three serving the
// `basic` fixture (one for the status banner's states, one for the analyst workflow, whose spec
// publishes new briefs), one serving the `hostile` (XSS corpus) fixture; one serving `basic` with
// KEV and EPSS stand-ins (the signals UI); and one app with no upstream at all. Ports are fixed so specs can reach each app and its upstream's control endpoint.
// E2E_PORT_OFFSET shifts every port, so two checkouts can run their browser tests side by side.
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
const local = (port: number) => `http://127.0.0.1:${port + offset}`;
const port = (url: string) => new URL(url).port;

export const E2E = {
  basic: { app: local(3100), upstream: local(4010) },
  hostile: { app: local(3101), upstream: local(4011) },
  /** Refreshes every 2 s from an upstream whose every response takes a while when told to be slow. */
  status: { app: local(3102), upstream: local(4012) },
  /** FEED_URL=offline: the bundled demo snapshot only. */
  offline: { app: local(3103) },
  /** The analyst workflow: refreshes every 2 s and polls for new briefs every 2 s. */
  workflow: { app: local(3104), upstream: local(4013) },
  /** KEV and EPSS from the stand-in's hand-written values (dev/signals/e2e-signals.ts). */
  signals: { app: local(3105), upstream: local(4014) },
} as const;

const appEnv = (upstream: string, name: string) => ({
  FEED_URL: `${upstream}/feed.json`,
  ATTACK_URL: 'off',
  // No public KEV/EPSS download (test/integration/signals.test.ts covers them via stand-ins).
  KEV_URL: 'off',
  EPSS_URL: 'off',
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
      command: `node --import tsx dev/upstream/server.ts --port ${port(E2E.basic.upstream)} --fixture basic`,
      url: `${E2E.basic.upstream}/feed.json`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `node --import tsx dev/upstream/server.ts --port ${port(E2E.hostile.upstream)} --fixture hostile`,
      url: `${E2E.hostile.upstream}/feed.json`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `node --import tsx dev/upstream/server.ts --port ${port(E2E.status.upstream)} --fixture basic --slow-ms 4000`,
      url: `${E2E.status.upstream}/feed.json`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `node --import tsx dev/upstream/server.ts --port ${port(E2E.workflow.upstream)} --fixture basic`,
      url: `${E2E.workflow.upstream}/feed.json`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: 'node scripts/start.mjs',
      url: `${E2E.basic.app}/api/status`,
      env: { ...appEnv(E2E.basic.upstream, 'basic'), PORT: port(E2E.basic.app) },
      reuseExistingServer: false,
      timeout: 180_000,
    },
    {
      command: 'node scripts/start.mjs',
      url: `${E2E.hostile.app}/api/status`,
      env: { ...appEnv(E2E.hostile.upstream, 'hostile'), PORT: port(E2E.hostile.app) },
      reuseExistingServer: false,
      timeout: 180_000,
    },
    {
      command: 'node scripts/start.mjs',
      url: `${E2E.status.app}/api/status`,
      env: {
        ...appEnv(E2E.status.upstream, 'status'),
        FEED_REFRESH_SECONDS: '2',
        PORT: port(E2E.status.app),
      },
      reuseExistingServer: false,
      timeout: 180_000,
    },
    {
      command: 'node scripts/start.mjs',
      url: `${E2E.workflow.app}/api/status`,
      env: {
        ...appEnv(E2E.workflow.upstream, 'workflow'),
        FEED_REFRESH_SECONDS: '2',
        NEW_BRIEFS_POLL_SECONDS: '2',
        PORT: port(E2E.workflow.app),
      },
      reuseExistingServer: false,
      timeout: 180_000,
    },
    {
      command: `node --import tsx dev/upstream/server.ts --port ${port(E2E.signals.upstream)} --fixture basic --signals e2e`,
      url: `${E2E.signals.upstream}/feed.json`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: 'node scripts/start.mjs',
      url: `${E2E.signals.app}/api/status`,
      env: {
        ...appEnv(E2E.signals.upstream, 'signals'),
        KEV_URL: `${E2E.signals.upstream}/feeds/known_exploited_vulnerabilities.json`,
        EPSS_URL: `${E2E.signals.upstream}/epss_scores-current.csv.gz`,
        PORT: port(E2E.signals.app),
      },
      reuseExistingServer: false,
      timeout: 180_000,
    },
    {
      command: 'node scripts/start.mjs',
      url: `${E2E.offline.app}/api/status`,
      env: { ...appEnv('offline', 'offline'), FEED_URL: 'offline', PORT: port(E2E.offline.app) },
      reuseExistingServer: false,
      timeout: 180_000,
    },
  ],
});
