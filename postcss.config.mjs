// Tailwind 4 runs as a PostCSS plugin; nothing else is needed.
const config = { plugins: { '@tailwindcss/postcss': {} } };

export default config;
