import { API_CSP, BASE_SECURITY_HEADERS } from './lib/security/static-headers.mjs';

const baseHeaders = Object.entries(BASE_SECURITY_HEADERS).map(([key, value]) => ({ key, value }));

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // A native addon with its own binaries: loaded by Node at run time, never bundled.
  serverExternalPackages: ['lmdb'],
  // A native module (the brief store): loaded from node_modules at run time, never bundled.
  serverExternalPackages: ['lmdb'],
  async headers() {
    return [
      { source: '/:path*', headers: baseHeaders },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CSP }] },
    ];
  },
};

export default nextConfig;
