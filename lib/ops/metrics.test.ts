import { describe, expect, it } from 'vitest';
import { CrawlReport } from './crawl-report';
import { errorKind, metrics, registerDataAge, renderMetrics } from './metrics';
import { UpstreamHttpError, UpstreamTimeoutError } from '@/lib/feed/errors';

describe('metrics', () => {
  it('is one registry per process, whichever module copy asks', () => {
    expect(metrics()).toBe(metrics());
  });

  it('reports data ages registered later, at scrape time', async () => {
    registerDataAge('kev', () => Date.now() - 90_000);
    registerDataAge('epss', () => null);
    const { body } = await renderMetrics();
    const age = Number(/^threat_brief_data_age_seconds\{upstream="kev"\} (\S+)$/m.exec(body)?.[1]);
    expect(age).toBeGreaterThanOrEqual(90);
    expect(age).toBeLessThan(100);
    expect(body).not.toContain('upstream="epss"');
  });

  it('labels an upstream failure by its kind, never its message', () => {
    expect(errorKind(new UpstreamHttpError(404, 'https://x.example/feed.json?k=1'))).toBe('http');
    expect(errorKind(new UpstreamTimeoutError('late', 'https://x.example'))).toBe('timeout');
    expect(errorKind(new Error('https://x.example'))).toBe('other');
  });

  it('a crawl report moves pages, items, runs and errors', async () => {
    const value = async (re: RegExp) => Number(re.exec((await renderMetrics()).body)?.[1] ?? 0);
    const pages = await value(/^threat_brief_crawl_pages_total (\S+)$/m);
    const failed = await value(/^threat_brief_crawl_runs_total\{outcome="failed"\} (\S+)$/m);
    const report = new CrawlReport();
    report.page(1, 100);
    report.page(2, 180);
    report.end({ outcome: 'failed', error: new UpstreamHttpError(500, 'https://x.example') });
    expect(await value(/^threat_brief_crawl_pages_total (\S+)$/m)).toBe(pages + 2);
    expect(await value(/^threat_brief_crawl_runs_total\{outcome="failed"\} (\S+)$/m)).toBe(
      failed + 1,
    );
    expect(
      await value(/^threat_brief_upstream_errors_total\{source="feed",kind="http"\} (\S+)$/m),
    ).toBeGreaterThanOrEqual(1);
  });
});
