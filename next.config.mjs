/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The feed store, the disk snapshot and the sanitiser run on the server only.
  serverExternalPackages: [],
};

export default nextConfig;
