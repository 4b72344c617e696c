import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';
import { SERVER_ACTION_BODY_LIMIT_BYTES } from './lib/http/request-guard';
import { PAGE_HEADERS } from './lib/http/security-headers';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ['better-sqlite3'],
  // server.ts answers a larger declared body with 413 before Next reads it.
  experimental: { serverActions: { bodySizeLimit: SERVER_ACTION_BODY_LIMIT_BYTES } },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: Object.entries(PAGE_HEADERS).map(([key, value]) => ({ key, value })),
      },
    ];
  },
};

export default withNextIntl(nextConfig);
