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
