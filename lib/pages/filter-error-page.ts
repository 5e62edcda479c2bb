import 'server-only';
import { h } from 'hastscript';
import { renderStaticPage, staticPageResponse } from '@/lib/pages/static-page';
import type { FilterError } from '@/lib/briefs/filter/types';
import { labelsOf, type FilteredPage } from '@/lib/briefs/filter/page-filter';

// The answer to a page request whose filter the page cannot read: HTTP 400 with the parameter
// named and the way back. The proxy sends it itself because an App Router page cannot set its
// status, and a proxy rewrite that carries one (NextResponse.rewrite(url, { status })) turns into
// a request loop when the server listens on a loopback address (Next.js 16.4.6 compares the
// rewrite against 127.0.0.1 but normalises the request's URL to localhost).

export function renderFilterErrorPage(page: FilteredPage, error: FilterError): string {
  const { title, resetLabel } = labelsOf(page);
  return renderStaticPage(`Invalid filter · ${title}`, [
    h('h1', title),
    h('section', { role: 'alert', ariaLabelledBy: 'filter-error-heading' }, [
      h('h2', { id: 'filter-error-heading' }, [
        'This link has an invalid filter: ',
        h('code', error.parameter),
      ]),
      h('p', error.message),
      h('p', [h('a', { href: page }, resetLabel)]),
    ]),
  ]);
}

export function filterErrorPageResponse(
  page: FilteredPage,
  error: FilterError,
  method: string,
): Response {
  return staticPageResponse(400, renderFilterErrorPage(page, error), method);
}
