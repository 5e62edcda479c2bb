import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/ui/site-header';
import { OG_IMAGE } from '@/components/ui/site-meta';
import { getConfig } from '@/lib/config';
import { Providers } from './providers';
import './globals.css';

const DESCRIPTION = 'Browse, filter and read CraftedSignal threat-intelligence briefs.';

export function generateMetadata(): Metadata {
  const { publicOrigin } = getConfig();
  return {
    title: { default: 'Threat briefs · CraftedSignal', template: '%s · CraftedSignal briefs' },
    description: DESCRIPTION,
    icons: {
      icon: [
        { url: '/favicon.ico', sizes: '16x16 32x32 48x48' },
        { url: '/icon.svg', type: 'image/svg+xml' },
      ],
      apple: '/apple-touch-icon.png',
    },
    manifest: '/manifest.webmanifest',
    // A link preview needs an absolute image URL: only where the public origin is known.
    ...(publicOrigin && {
      metadataBase: new URL(publicOrigin),
      openGraph: {
        siteName: 'Threat briefs',
        images: [{ url: '/og-image.png', width: 1200, height: 630 }],
      },
      twitter: { card: 'summary_large_image', images: [OG_IMAGE.url] },
    }),
  };
}

export const viewport: Viewport = {
  colorScheme: 'light dark',
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#0d1117' },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <a
          href="#main"
          className="bg-accent text-surface sr-only z-50 rounded-md px-3 py-2 text-sm font-medium focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
        >
          Skip to content
        </a>
        <Providers>
          <SiteHeader />
          <main
            id="main"
            tabIndex={-1}
            className="mx-auto w-full max-w-[96rem] px-3 pb-16 focus:outline-none sm:px-5"
          >
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
