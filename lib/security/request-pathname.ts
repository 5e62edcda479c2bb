// The path of a raw Node request target, as the router will see it, without decoding: the guard
// checks the percent-encoding itself. Dot segments and doubled slashes are resolved (the router
// resolves them too), so `/x/../api/status` is guarded as the API it reaches.

export function requestPathname(rawUrl: string): string {
  const query = rawUrl.indexOf('?');
  const target = query < 0 ? rawUrl : rawUrl.slice(0, query);
  // The common case costs one scan: an origin-form path with nothing to resolve.
  if (target.startsWith('/') && !target.includes('/.') && !target.includes('//')) return target;
  try {
    // Leading slashes collapsed first: `//api` would otherwise read as a host name.
    return new URL(target.replace(/^\/+/, '/'), 'http://localhost').pathname;
  } catch {
    return target;
  }
}
