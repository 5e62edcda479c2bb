import 'server-only';
// Every upstream failure is one of these, so /api/status can say plainly what went wrong.

export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly url: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Worth another attempt: the network failed or the upstream answered 5xx. */
export class UpstreamUnavailableError extends UpstreamError {}

export class UpstreamHttpError extends UpstreamError {
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`HTTP ${status} from ${url}`, url);
  }
}

export class UpstreamTimeoutError extends UpstreamError {}
export class UpstreamTooLargeError extends UpstreamError {}
export class UpstreamFormatError extends UpstreamError {}
/** A next_url that leaves the configured origin, loops, or is not http(s). */
export class UpstreamLinkError extends UpstreamError {}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Which whole-crawl cap stopped a crawl (lib/config.ts: FEED_MAX_PAGES, FEED_MAX_CRAWL_*). */
export type CrawlBudget = 'pages' | 'bytes' | 'items' | 'time';

/** A crawl that hit one of its caps: nothing of it is served, the last good data stays. */
export class CrawlBudgetError extends UpstreamError {
  constructor(
    readonly budget: CrawlBudget,
    message: string,
    url: string,
  ) {
    super(message, url);
  }
}
