import { h } from 'hastscript';
import { renderStaticPage, staticPageResponse } from '@/lib/pages/static-page';

// The page for a request the proxy refuses before any page runs (a malformed address, a method
// pages do not answer).

export function errorPageResponse(
  status: number,
  title: string,
  message: string,
  method: string,
  extraHeaders: Record<string, string> = {},
): Response {
  const html = renderStaticPage(title, [
    h('h1', title),
    h('p', message),
    h('p', [h('a', { href: '/' }, 'All briefs')]),
  ]);
  return staticPageResponse(status, html, method, extraHeaders);
}
