import 'server-only';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  UpstreamHttpError,
  UpstreamTimeoutError,
  UpstreamTooLargeError,
  UpstreamUnavailableError,
} from '@/lib/feed/errors';
import type { Validators } from '@/lib/feed/http-client';

// GET a file to disk with a timeout over the whole transfer, a byte cap and conditional headers:
// the EPSS file is read from disk afterwards, so it is never held in memory.

export type DownloadResult = { kind: 'not-modified' } | { kind: 'ok'; validators: Validators };

export async function downloadToFile(
  url: string,
  file: string,
  opts: { timeoutMs: number; maxBytes: number; validators?: Validators | null },
): Promise<DownloadResult> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const headers: Record<string, string> = { 'user-agent': 'threat-brief-dashboard/0.1' };
  if (opts.validators?.etag) headers['if-none-match'] = opts.validators.etag;
  if (opts.validators?.lastModified) headers['if-modified-since'] = opts.validators.lastModified;
  const fail = (err: unknown): never => {
    const name = (err as { name?: string })?.name;
    if (name === 'TimeoutError' || name === 'AbortError' || signal.aborted)
      throw new UpstreamTimeoutError(`${url} did not answer within ${opts.timeoutMs} ms`, url);
    if (err instanceof UpstreamTooLargeError) throw err;
    const cause = (err as { cause?: { code?: string } })?.cause?.code;
    throw new UpstreamUnavailableError(
      `${url} could not be read (${cause ?? (err as Error)?.message ?? String(err)})`,
      url,
    );
  };
  let res: Response;
  try {
    res = await fetch(url, { headers, signal });
  } catch (err) {
    return fail(err);
  }
  if (res.status === 304) {
    await res.body?.cancel();
    return { kind: 'not-modified' };
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    if (res.status >= 500)
      throw new UpstreamUnavailableError(`HTTP ${res.status} from ${url}`, url);
    throw new UpstreamHttpError(res.status, url);
  }
  const tooLarge = new UpstreamTooLargeError(
    `${url} is larger than the ${Math.round(opts.maxBytes / 1024 / 1024)} MB cap`,
    url,
  );
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > opts.maxBytes) {
    await res.body.cancel();
    throw tooLarge;
  }
  let total = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.byteLength;
      done(total > opts.maxBytes ? tooLarge : null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>),
      cap,
      createWriteStream(file),
    );
  } catch (err) {
    return fail(err);
  }
  return {
    kind: 'ok',
    validators: { etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') },
  };
}
