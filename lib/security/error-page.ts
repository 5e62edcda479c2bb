import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { BASE_SECURITY_HEADERS, STATIC_PAGE_CSP } from './headers';

// A self-contained HTML page for a request the proxy refuses before any page runs (a malformed
// address, a method pages do not answer): no script, nothing loaded, only escaped text.

const STYLE = `
:root { color-scheme: light dark; }
body { margin: 0 auto; max-width: 42rem; padding: 2rem 1.25rem; line-height: 1.5;
  font-family: ui-sans-serif, system-ui, sans-serif; }
a { text-underline-offset: 2px; }
`;

export function errorPageResponse(
  status: number,
  title: string,
  message: string,
  method: string,
  extraHeaders: Record<string, string> = {},
): Response {
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
        h('main', { id: 'main' }, [
          h('h1', title),
          h('p', message),
          h('p', [h('a', { href: '/' }, 'All briefs')]),
        ]),
      ]),
    ]),
  ]);
  return new Response(method === 'HEAD' ? null : toHtml(tree), {
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
