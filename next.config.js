// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // client-node and its transitive deps are server-only; keep them out of the bundler.
  serverExternalPackages: ['@kubernetes/client-node', 'better-sqlite3'],
  typedRoutes: false,
};

module.exports = nextConfig;
