/** The default link-preview image (public/og-image.png, the project's own design). */
export const OG_IMAGE = { url: '/og-image.png', width: 1200, height: 630 } as const;
