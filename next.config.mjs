import { API_CSP, BASE_SECURITY_HEADERS } from './lib/security/static-headers.mjs';

const baseHeaders = Object.entries(BASE_SECURITY_HEADERS).map(([key, value]) => ({ key, value }));

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Loaded by Node at run time, never bundled: lmdb is a native addon with its own binaries;
  // piscina starts its workers from its own files (`worker.js` beside it).
  // prom-client: one copy for the whole process (lib/ops/metrics.ts keeps one registry anyway).
  serverExternalPackages: ['lmdb', 'piscina', 'prom-client'],
  compiler: {
    // The HTML worker pool's worker is its own ES module, written into the build whoever runs
    // `next build` (npm run build, npm start, npm test, the bench): scripts/build-html-worker.mjs.
    // Imported here, not at the top: `next start` loads this file too and needs no esbuild.
    runAfterProductionCompile: async ({ distDir }) => {
      const { buildHtmlWorker } = await import('./scripts/build-html-worker.mjs');
      await buildHtmlWorker(distDir);
    },
  },
  async headers() {
    return [
      { source: '/:path*', headers: baseHeaders },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CSP }] },
    ];
  },
};

export default nextConfig;
