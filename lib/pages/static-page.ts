import 'server-only';
import type { Element } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { FILTERED_PAGES, labelsOf } from '@/lib/briefs/filter/page-filter';
import { BASE_SECURITY_HEADERS, STATIC_PAGE_CSP } from '@/lib/security/headers';

// A self-contained HTML page the server writes whole, for answers no App Router page can give (a
// status other than 200/404, a request refused before any page runs): the site's header and
// colours inline, no script, nothing loaded, and every value from the request as escaped text.

const STYLE = `
:root { color-scheme: light dark; --surface: #fff; --muted: #f6f7f9; --line: #dfe3e8; --fg: #0f172a;
  --fg-muted: #4b5565; --accent: #1d4ed8; --bad-bg: #fef2f2; --bad-line: #fca5a5; --bad-fg: #7f1d1d; }
@media (prefers-color-scheme: dark) { :root { --surface: #0d1117; --muted: #131a23; --line: #26303d;
  --fg: #e6eaf0; --fg-muted: #9aa5b4; --accent: #7aa7ff; --bad-bg: #2a1215; --bad-line: #7f1d1d; --bad-fg: #fecaca; } }
body { margin: 0; background: var(--surface); color: var(--fg); line-height: 1.5;
  font-family: ui-sans-serif, system-ui, sans-serif; }
header { border-bottom: 1px solid var(--line); background: var(--muted); }
header div, main { max-width: 96rem; margin: 0 auto; padding: 0 1.25rem; }
header div { display: flex; gap: 1.5rem; align-items: center; height: 3rem; }
header ul { display: flex; gap: 1rem; margin: 0; padding: 0; list-style: none; font-size: .875rem; }
a { color: var(--accent); text-underline-offset: 2px; }
header a { color: var(--fg); text-decoration: none; }
.site { font-weight: 600; }
h1 { font-size: 1.25rem; margin: 1rem 0 0; }
[role=alert] { max-width: 42rem; margin-top: 1rem; padding: 1rem; border: 1px solid var(--bad-line);
  border-radius: .5rem; background: var(--bad-bg); color: var(--bad-fg); }
[role=alert] h2 { font-size: 1rem; margin: 0; }
[role=alert] p { margin: .25rem 0 0; font-size: .875rem; }
code { font-family: ui-monospace, monospace; }
`;

/** The page's document: the site's header and navigation, then `main`. */
export function renderStaticPage(title: string, main: Element[]): string {
  const tree = h(null, [
    { type: 'doctype' },
    h('html', { lang: 'en' }, [
      h('head', [
        h('meta', { charSet: 'utf-8' }),
        h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
        h('meta', { name: 'robots', content: 'noindex' }),
        h('title', `${title} · CraftedSignal briefs`),
        h('style', STYLE),
      ]),
      h('body', [
        h('header', [
          h('div', [
            h('a.site', { href: '/' }, 'CraftedSignal briefs'),
            h('nav', { ariaLabel: 'Main' }, [
              h(
                'ul',
                FILTERED_PAGES.map((href) => h('li', [h('a', { href }, labelsOf(href).navLabel)])),
              ),
            ]),
          ]),
        ]),
        h('main', { id: 'main' }, main),
      ]),
    ]),
  ]);
  return toHtml(tree);
}

/** The page as a response with the static-page CSP and the security headers (no body for HEAD). */
export function staticPageResponse(
  status: number,
  html: string,
  method: string,
  extraHeaders: Record<string, string> = {},
): Response {
  return new Response(method === 'HEAD' ? null : html, {
    status,
    headers: {
      ...BASE_SECURITY_HEADERS,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': STATIC_PAGE_CSP,
      'Cache-Control': 'no-store',
      ...extraHeaders,
    },
  });
}
