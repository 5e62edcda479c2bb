// Next.js folds native pushState/replaceState into its router: useSearchParams updates, and
// back/forward restore the entry, without a server round trip.
export function navigateList(href: string, { replace = false }: { replace?: boolean } = {}): void {
  const target = new URL(href, window.location.href);
  if (target.pathname + target.search === window.location.pathname + window.location.search) return;
  const url = target.pathname + target.search;
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
}
