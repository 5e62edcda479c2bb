import 'server-only';
import type { AppConfig } from '@/lib/config';
import { describeError } from './errors';
import { recordUpstreamError } from '@/lib/ops/crawl-report';
import { fetchUpstreamJson, type Validators } from './http-client';
import { indexStixBundle, type StixIndex } from './ingest/stix';

/**
 * The feed's STIX bundle, read beside each crawl for per-brief techniques. A failing fetch never
 * blocks the briefs: the last good bundle (or none) is kept and the error reported.
 */
export class StixBundle {
  index: StixIndex | null = null;
  private validators: Validators | null = null;
  /** Hash of the bundle's bytes: an unchanged bundle after a restart keeps the pages' 304s. */
  private sha1: string | null = null;
  private lastSuccessAt: string | null = null;
  private lastError: string | null = null;

  /** The bundle's hash as saved with the data (its index is rebuilt by the next read). */
  restore(sha1: string | null): void {
    this.sha1 = sha1;
  }

  /** Reads the bundle again; true when it changed (every item must then be normalised again). */
  async refresh(config: AppConfig): Promise<boolean> {
    if (config.stixUrl === 'off') return false;
    try {
      const result = await fetchUpstreamJson(config.stixUrl, {
        timeoutMs: config.timeoutMs,
        maxBytes: config.maxBytes,
        validators: this.index ? (this.validators ?? undefined) : undefined,
      });
      let changed = false;
      if (result.kind !== 'not-modified') {
        const index = indexStixBundle(result.body);
        if (!index) throw new Error(`${config.stixUrl} is not a STIX bundle`);
        changed = result.sha1 !== this.sha1;
        this.index = index;
        this.validators = result.validators;
        this.sha1 = result.sha1;
      }
      this.lastSuccessAt = new Date().toISOString();
      this.lastError = null;
      return changed;
    } catch (err) {
      this.lastError = describeError(err);
      recordUpstreamError('stix', err);
      return false;
    }
  }

  status(): { lastSuccessAt: string | null; lastError: string | null; reports: number } {
    return {
      lastSuccessAt: this.lastSuccessAt,
      lastError: this.lastError,
      reports: this.index?.reports ?? 0,
    };
  }

  /** What is saved with the data: the bundle itself is not kept, only when and what it was. */
  record(): { fetchedAt: string | null; reports: number; sha1: string | null } {
    return { fetchedAt: this.lastSuccessAt, reports: this.index?.reports ?? 0, sha1: this.sha1 };
  }
}
